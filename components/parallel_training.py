"""``rasa train`` on two cores: the dialogue policies train in a second process while
the NLU pipeline trains in the first, and the ResponseSelector in a third beside DIET.

Rasa runs its training graph with dask's synchronous scheduler: one component after the
other, although the policies (TED above all: about 30 s, most of it TensorFlow building
its graph, in Python) do not depend on the NLU pipeline (reading the data, the spaCy
pass and the featurizers, in Python; then DIET and the ResponseSelector). Threads would
not do: each Rasa model seeds Python's, NumPy's and TensorFlow's *global* random
generators when it is created and draws from them while it trains, so two models
training side by side in one process would take each other's random numbers.

So the policies train in a process of their own (``python -c`` calling
``components.parallel_training._run_job``), with their own random generators:

- **the split**: the training targets that are dialogue policies go to the second
  process; the rest (the featurizers, DIET, the ResponseSelector, the domain) stay
  here. What both need (validating the data, the domain) runs in both; only the other
  process's *own* nodes are cached and logged there, so the training cache and the log
  hold each node once.
- **the data**: the second process gets the graph schema and the importer (pickled,
  with the data it has already read), so both read the same files the same way.
- **the results**: it trains into a model storage of its own; when it is done, the
  resources of its own nodes (``train_TEDPolicy3``...) are moved into the model being
  built here, which is then packed as usual.
- **the same model**: every model seeds its generators when it is created, as it does
  when it trains after another one, and TensorFlow keeps its default threads, so the
  weights are those of a one-process training: ``scripts/compare_models.py`` found
  every weight of TED, DIET and the ResponseSelector equal (2026-12-07). With one
  TensorFlow thread in the second process (tried, to leave the other core to the
  first) TED's weights differed by up to 1.2e-7, sums added in another order, so that
  was dropped. The ResponseSelector in the second process, with the policies, was
  tried too: its weights were equal, but beside DIET both ran about half as fast
  (TensorFlow already uses both cores while a model trains), so that was dropped; the
  next point says how it trains beside DIET now.
- **the ResponseSelector, later**: it needs what the featurizers make, so it cannot
  start with the policies. It used to train here after DIET, alone: its data
  preparation and graph building (about 10 s of Python, one core) and then its epochs.
  Now, as soon as the featurizers' output is ready (before DIET starts), that output is
  pickled and the ResponseSelector trains in a third process: its start and graph
  building overlap DIET's (one core each), and its epochs share the cores with DIET's.
  It gets the data as it was when the featurizers were done, as it gets it here: DIET
  and the entity synonym mapper do not change what the ResponseSelector reads
  (``scripts/compare_models.py`` found its weights equal, 2026-12-07). That split is
  made only when a DIET stays here, and also for NLU-only trainings. Handing the data
  over (pickling 70 MB) took 8.8 s here, 4.7 s of it spaCy docs, which the
  ResponseSelector does not read: they go over as their text (``_DocText``). A forked copy of this process that wrote
  it and then became the third process was tried (2026-12-07): twice DIET then stood
  idle for some 50 s after its last epoch, so it was dropped.
- **failure**: if the second (or third) process fails or cannot start, its part is
  trained here afterwards, reusing what already ran here (the domain is written once),
  so a real error is raised as Rasa would raise it.

``TWITCH_TRAIN_PROCESSES=1`` turns it off; it is off by itself on a one-core machine,
for graphs that train only one side (``rasa train nlu``, the cross-validation) and for
graphs that are not trainings (the fingerprint run, prediction).
"""
from __future__ import annotations

import copyreg
import functools
import io
import logging
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Set, Text, Tuple

import dask
from rasa.core.policies.policy import Policy
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import ExecutionContext, GraphNodeHook, GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.storage import ModelStorage
from rasa.engine.training.components import PrecomputedValueProvider
from rasa.engine.training.hooks import LoggingHook, TrainingHook

logger = logging.getLogger(__name__)

ENV_PROCESSES = "TWITCH_TRAIN_PROCESSES"


def processes_allowed() -> int:
    """How many processes a training may use (1 or 2: the dialogue policies and the
    ResponseSelector each in one of their own, or nothing split)."""
    raw = os.environ.get(ENV_PROCESSES, "").strip()
    if raw:
        try:
            return 2 if int(raw) >= 2 else 1
        except ValueError:
            logger.warning(f"{ENV_PROCESSES}={raw!r} is not a number; training in one process.")
            return 1
    return 2 if (os.cpu_count() or 1) >= 2 else 1


def split_targets(schema: GraphSchema, targets: Iterable[Text]) -> Tuple[List[Text], List[Text]]:
    """(targets trained here, targets trained in the second process).

    The second list is empty when splitting would not help: nothing heavy on one side,
    or the second side holds only results restored from the cache.
    """
    here, there = [], []
    for name in targets:
        node = schema.nodes[name]
        if node.uses is not PrecomputedValueProvider and issubclass(node.uses, Policy):
            there.append(name)
        else:
            here.append(name)
    here_trains = [n for n in here if schema.nodes[n].uses is not PrecomputedValueProvider
                   and n.startswith("train_")]
    if not there or not here_trains:
        return list(targets), []
    return here, there


def own_nodes(schema: GraphSchema, here: List[Text], there: List[Text]) -> Set[Text]:
    """The nodes only the second process needs (its part of the graph minus ours)."""
    mine = set(schema.minimal_graph_schema(here).nodes) if here else set()
    theirs = set(schema.minimal_graph_schema(there).nodes)
    return theirs - mine


def split_late(schema: GraphSchema, here: List[Text]) -> Tuple[List[Text], List[Text]]:
    """(targets trained here, ResponseSelector targets trained in a third process once
    their inputs are ready here).

    Only when a DIET classifier is trained here too (else nothing would overlap), and
    only when everything a ResponseSelector needs is computed here anyway.
    """
    from rasa.nlu.classifiers.diet_classifier import DIETClassifier
    from rasa.nlu.selectors.response_selector import ResponseSelector

    def trains(name: Text, kind: type) -> bool:
        uses = schema.nodes[name].uses
        return name.startswith("train_") and isinstance(uses, type) and issubclass(uses, kind)

    late = [n for n in here if trains(n, ResponseSelector)]
    stay = [n for n in here if n not in late]
    if not late or not any(trains(n, DIETClassifier) for n in stay):
        return list(here), []
    computed = set(schema.minimal_graph_schema(stay).nodes)
    if not all(need in computed for n in late for need in schema.nodes[n].needs.values()):
        return list(here), []
    return stay, late


def late_inputs(schema: GraphSchema, late: List[Text]) -> List[Text]:
    """The nodes of this process whose outputs the late targets need."""
    return sorted({need for n in late for need in schema.nodes[n].needs.values()})


def _cull(graph: Dict[Text, Any], targets: Iterable[Text]) -> Dict[Text, Any]:
    """Only the tasks the targets need (dask's synchronous ``get`` runs every task)."""
    keep: Set[Text] = set()
    stack = list(targets)
    while stack:
        key = stack.pop()
        if key in keep or key not in graph:
            continue
        keep.add(key)
        task = graph[key]
        if isinstance(task, tuple) and task and callable(task[0]):
            stack.extend(a for a in task[1:] if isinstance(a, str))
    return {key: graph[key] for key in keep}


def _run_given(runner: DaskGraphRunner, inputs: Optional[Dict[Text, Any]],
               targets: List[Text], given: Dict[Text, Any]) -> Dict[Text, Any]:
    """Runs ``targets`` with the outputs of some nodes given (not run again)."""
    schema = runner._graph_schema.minimal_graph_schema(targets)
    run_graph = runner._build_dask_graph(schema)
    for name, value in given.items():
        if name in run_graph:
            # as a callable with no arguments: dask would read a node's name among
            # the arguments as a reference to that node
            run_graph[name] = (functools.partial(_given, name, value),)
    runner._add_inputs_to_graph(inputs, run_graph)
    try:
        return dict(dask.get(_cull(run_graph, targets), targets))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error


class _Tap:
    """A graph node that hands its output to ``seen`` as well (dask calls it as the node)."""

    def __init__(self, node: Any, seen: Any) -> None:
        self._node = node
        self._seen = seen

    def __call__(self, *args: Any) -> Tuple[Text, Any]:
        name, output = self._node(*args)
        self._seen(name, output)
        return name, output


class _OnlyNodes(GraphNodeHook):
    """A hook that acts for some nodes only (the others are the first process's)."""

    def __init__(self, hook: GraphNodeHook, names: Set[Text]) -> None:
        self._hook = hook
        self._names = names

    def on_before_node(self, node_name: Text, execution_context: ExecutionContext,
                       config: Dict[Text, Any], received_inputs: Dict[Text, Any]) -> Dict:
        if node_name not in self._names:
            return {}
        return self._hook.on_before_node(node_name, execution_context, config, received_inputs)

    def on_after_node(self, node_name: Text, execution_context: ExecutionContext,
                      config: Dict[Text, Any], output: Any, input_hook_data: Dict) -> None:
        if node_name in self._names:
            self._hook.on_after_node(node_name, execution_context, config, output, input_hook_data)


class TwoProcessGraphRunner(DaskGraphRunner):
    """Rasa's graph runner; a training graph is split over two processes (module doc)."""

    def __init__(self, graph_schema: GraphSchema, model_storage: ModelStorage,
                 execution_context: ExecutionContext,
                 hooks: Optional[List[GraphNodeHook]] = None) -> None:
        super().__init__(graph_schema, model_storage, execution_context, hooks)
        self._model_storage = model_storage
        self._hooks = list(hooks or [])

    def _is_training(self) -> bool:
        return (any(isinstance(h, TrainingHook) for h in self._hooks)
                and isinstance(self._model_storage, LocalModelStorage))

    def run(self, inputs: Optional[Dict[Text, Any]] = None,
            targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
        run_targets = list(targets if targets else self._graph_schema.target_names)
        if processes_allowed() < 2 or not self._is_training():
            return super().run(inputs, targets)
        here, there = split_targets(self._graph_schema, run_targets)
        here, late = split_late(self._graph_schema, here)
        if not there and not late:
            return super().run(inputs, targets)

        jobs = []
        if there:
            second = _SecondProcess(self._graph_schema, self._execution_context,
                                    self._model_storage, inputs or {}, here + late, there,
                                    self._hooks)
            if self._start(second):
                jobs.append((second, there, {}))
            else:
                here = here + there
        late_job = None
        if late:
            late_job = _SecondProcess(self._graph_schema, self._execution_context,
                                      self._model_storage, {}, here, late, self._hooks,
                                      waits_for=late_inputs(self._graph_schema, late))
            jobs.append((late_job, late, late_job.given))
        try:
            results = self._run_here(inputs, here, late_job)
        except BaseException:
            for job, _, _ in jobs:
                job.kill()
            raise
        for job, part, given in jobs:
            theirs = job.finish()
            if theirs is None:  # it failed: train its part here, one component after another
                logger.warning("A second training process failed or did not start (see "
                               f"above); training its part here: {', '.join(part)}.")
                theirs = _run_given(self, inputs, part, {**results, **given})
            results.update(theirs)
        return results

    @staticmethod
    def _start(job: "_SecondProcess") -> bool:
        try:
            job.start()
            return True
        except Exception as error:  # could not start: its part here, as Rasa does
            logger.warning(f"Could not start a second training process ({error}); "
                           "training its part in this one.")
            job.kill()
            return False

    def _run_here(self, inputs: Optional[Dict[Text, Any]], targets: List[Text],
                  late_job: Optional["_SecondProcess"]) -> Dict[Text, Any]:
        """Runs this process's targets; the late job starts once its inputs are here
        (``split_late`` keeps them among this process's nodes)."""
        schema = self._graph_schema.minimal_graph_schema(targets)
        run_graph = self._build_dask_graph(schema)
        if late_job is not None:
            waiting = set(late_job.waits_for)

            def seen(name: Text, output: Any) -> None:
                late_job.given[name] = output
                waiting.discard(name)
                if not waiting:
                    self._start(late_job)

            for name in waiting:
                run_graph[name] = (_Tap(run_graph[name][0], seen), *run_graph[name][1:])
        self._add_inputs_to_graph(inputs, run_graph)
        try:
            return dict(dask.get(run_graph, targets))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error


def _given(name: Text, value: Any) -> Tuple[Text, Any]:
    return name, value  # what a GraphNode returns: its name and its output


class _SecondProcess:
    """Another process: started with the job (or once the outputs it ``waits_for`` are
    ``given``), waited for at the end."""

    def __init__(self, schema: GraphSchema, context: ExecutionContext, storage: ModelStorage,
                 inputs: Dict[Text, Any], here: List[Text], there: List[Text],
                 hooks: List[GraphNodeHook], waits_for: Optional[List[Text]] = None) -> None:
        self._schema = schema
        self._context = context
        self._storage_path = Path(storage._storage_path)  # LocalModelStorage's directory
        self._inputs = inputs
        self._there = there
        self._own = own_nodes(schema, here, there)
        self._log = any(isinstance(h, LoggingHook) for h in hooks)
        self.waits_for = list(waits_for or [])
        self.given: Dict[Text, Any] = {}
        self._dir: Optional[Path] = None
        self._proc: Optional[subprocess.Popen] = None

    def start(self) -> None:
        self._dir = Path(tempfile.mkdtemp(prefix="twitch-train-"))
        storage = self._dir / "storage"
        # resources already restored from the training cache are needed there too
        shutil.copytree(self._storage_path, storage, dirs_exist_ok=True)
        job = {
            "schema": self._schema, "context": self._context, "inputs": self._inputs,
            "targets": self._there, "own": sorted(self._own), "storage": str(storage),
            "given": self.given,
            "log_hook": self._log,
            "log_level": logging.getLogger("rasa").getEffectiveLevel(),
        }
        started = time.monotonic()
        data = _dumps(job)
        (self._dir / "job.pickle").write_bytes(data)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        self._proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(self._dir)], env=env)
        logger.info("Training %s in a%s process (%.0f MB handed over in %.1f s).",
                    ", ".join(self._there), " further" if self.waits_for else " second",
                    len(data) / 1e6, time.monotonic() - started)

    def kill(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._cleanup()

    def finish(self) -> Optional[Dict[Text, Any]]:
        """The second process's results, with its own resources moved here; None if it failed."""
        if self._proc is None or self._dir is None:  # never started
            self._cleanup()
            return None
        try:
            code = self._proc.wait()
            result_file = self._dir / "result.pickle"
            if code != 0 or not result_file.exists():
                logger.warning(f"The second training process ended with exit status {code}.")
                return None
            result = pickle.loads(result_file.read_bytes())
            if "error" in result:
                logger.warning("The second training process failed:\n" + result["error"])
                return None
            storage = self._dir / "storage"
            for name in sorted(self._own):
                source = storage / name
                if source.exists():
                    target = self._storage_path / name
                    if target.exists():
                        shutil.rmtree(target)
                    shutil.move(str(source), str(target))
            return result["outputs"]
        finally:
            self._cleanup()

    def _cleanup(self) -> None:
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


class _DocText(str):
    """What another process gets for a spaCy ``Doc`` in the data: its text.

    Pickling the ~3,700 messages' spaCy docs took 4.7 of the 8.8 s the ResponseSelector's
    hand-over took (2026-12-07). Nothing trained there reads a doc (the models read
    the features), and Rasa's fingerprint of a doc, which goes into the training
    cache's keys, is the digest of ``str(doc)``, its text: the same for this text.
    """

    __slots__ = ()


def _doc_as_text(doc: Any) -> Tuple[type, Tuple[Text]]:
    return _DocText, (doc.text,)


def _dumps(job: Dict[Text, Any]) -> bytes:
    """The job pickled, with spaCy docs as their text (see ``_DocText``)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    table = copyreg.dispatch_table.copy()
    try:
        from spacy.tokens import Doc
    except ImportError:  # no spaCy, no docs
        pass
    else:
        table[Doc] = _doc_as_text
    pickler.dispatch_table = table
    pickler.dump(job)
    return buffer.getvalue()


def _run_job(directory: Path) -> int:
    """In the second process: train the job's targets, write their outputs."""
    job = pickle.loads((directory / "job.pickle").read_bytes())
    result_file = directory / "result.pickle"
    try:
        import rasa.utils.common
        import rasa.utils.log_utils
        from rasa.engine.caching import LocalTrainingCache

        rasa.utils.common.configure_logging_and_warnings(job["log_level"])
        rasa.utils.log_utils.configure_structlog(job["log_level"])
        schema: GraphSchema = job["schema"]
        storage = LocalModelStorage(Path(job["storage"]))
        own = set(job["own"])
        hooks: List[GraphNodeHook] = []
        if job["log_hook"]:
            hooks.append(_OnlyNodes(LoggingHook(pruned_schema=schema), own))
        # only trainings are split, and a training caches its nodes' outputs
        hooks.append(_OnlyNodes(TrainingHook(cache=LocalTrainingCache(), model_storage=storage,
                                             pruned_schema=schema), own))
        runner = DaskGraphRunner(schema, storage, job["context"], hooks)
        outputs = _run_given(runner, job["inputs"], job["targets"], job.get("given", {}))
        result_file.write_bytes(pickle.dumps({"outputs": outputs}))
        return 0
    except BaseException:  # reported to the first process, which trains this part itself
        result_file.write_bytes(pickle.dumps({"error": traceback.format_exc()}))
        return 1


_CHILD = ("import sys; from components.parallel_training import _run_job; "
          "from pathlib import Path; sys.exit(_run_job(Path(sys.argv[1])))")


def install() -> None:
    """Rasa's ``rasa train`` (and ``rasa test nlu`` cross-validation) use this runner."""
    import rasa.model_training

    if rasa.model_training.DaskGraphRunner is not TwoProcessGraphRunner:
        rasa.model_training.DaskGraphRunner = TwoProcessGraphRunner
