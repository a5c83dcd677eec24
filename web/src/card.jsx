// The assessment card. Rendered by React: every value from the payload (and so
// every word the user typed that the bot quotes back) goes in as a text node,
// never as HTML.
import React, { useRef, useState } from "react";
import { cardModel } from "./labels";

let cardCounter = 0;

function sentence(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

async function copyText(text, textarea) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch (e) {
    // fall through to the selection fallback
  }
  try {
    if (textarea) {
      textarea.focus();
      textarea.select();
      return document.execCommand("copy");
    }
  } catch (e) {
    // ignore
  }
  return false;
}

function useId(prefix) {
  const idRef = useRef(null);
  if (idRef.current === null) {
    cardCounter += 1;
    idRef.current = prefix + cardCounter;
  }
  return idRef.current;
}

// The visit summary in a read-only text box with a copy button.
export function SummaryBox({ summary, headingLevel = 3 }) {
  const id = useId("tw-summary-");
  const summaryRef = useRef(null);
  const [copyStatus, setCopyStatus] = useState("");
  const onCopy = async (event) => {
    event.stopPropagation();
    const ok = await copyText(summary, summaryRef.current);
    setCopyStatus(ok ? "Summary copied." : "Could not copy. Select the text and copy it yourself.");
  };
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="tw-summary">
      <Heading className={headingLevel === 2 ? "tw-card__title" : "tw-card__subtitle"} id={id}>
        Summary for your visit
      </Heading>
      <textarea
        ref={summaryRef}
        className="tw-summary__text"
        readOnly
        rows={Math.min(14, Math.max(4, summary.split("\n").length + 1))}
        value={summary}
        aria-labelledby={id}
        data-testid="summary"
        onClick={(e) => e.stopPropagation()}
      />
      <button type="button" className="tw-button" onClick={onCopy} data-testid="copy-summary">
        Copy summary
      </button>
      <span className="tw-copy-status" role="status" aria-live="polite">{copyStatus}</span>
    </div>
  );
}

// A `visit_summary` payload on its own: {"type": "visit_summary", "summary": "..."}.
export function SummaryCard({ payload }) {
  const summary = typeof payload.summary === "string" ? payload.summary.trim() : "";
  if (!summary) return null;
  return (
    <section className="tw-card tw-card--summary" data-testid="summary-card" aria-label="Summary for your visit">
      <SummaryBox summary={summary} headingLevel={2} />
      <p className="tw-card__disclaimer">
        Take this to your appointment. It is not a diagnosis.
      </p>
    </section>
  );
}

export function AssessmentCard({ payload }) {
  const model = cardModel(payload);
  const id = useId("tw-card-");
  return (
    <section
      className={"tw-card tw-card--" + model.triageLevel}
      aria-labelledby={id + "-title"}
      data-testid="assessment-card"
      data-triage={model.triageCode}
    >
      <h2 className="tw-card__title" id={id + "-title"}>Your twitch assessment</h2>

      <div className={"tw-care tw-care--" + model.triageLevel} data-testid="triage">
        <h3 className="tw-care__heading">
          <span className="tw-care__label">{model.triageLabel}</span>
          <span className="tw-visually-hidden">: </span>
          {model.triageHeading && <span className="tw-care__text">{sentence(model.triageHeading)}</span>}
        </h3>
        <div className="tw-care__body">
          {model.nextSteps.length > 0 && (
            <>
              <h4 className="tw-card__subtitle">What to do next</h4>
              <ul className="tw-list" data-testid="next-steps">
                {model.nextSteps.map((step, i) => <li key={i}>{step}</li>)}
              </ul>
            </>
          )}
        </div>
      </div>

      <h3 className="tw-card__subtitle">Type of twitch</h3>
      <p className="tw-card__type" data-testid="twitch-type">{sentence(model.twitchType)}</p>
      {model.twitchTypeText && <p className="tw-card__type-text">{model.twitchTypeText}</p>}

      <h3 className="tw-card__subtitle">Warning signs</h3>
      {model.redFlags.length === 0 ? (
        <p data-testid="red-flags-none">None of the warning signs we asked about.</p>
      ) : (
        <ul className="tw-flags" data-testid="red-flags">
          {model.redFlags.map((flag, i) => (
            <li key={i} className="tw-flag" data-code={flag.code}>
              <strong className="tw-flag__label">{flag.label}</strong>
              {flag.evidence.length > 0 && (
                <span className="tw-flag__evidence">
                  {" "}(you said: {flag.evidence.map((words, j) => (
                    <q key={j} className="tw-quote">{words}</q>
                  )).reduce((acc, el, j) => (j === 0 ? [el] : [...acc, ", ", el]), [])})
                </span>
              )}
              {flag.explanation && <span className="tw-flag__why">{flag.explanation}</span>}
            </li>
          ))}
        </ul>
      )}

      {model.causes.length > 0 && (
        <>
          <h3 className="tw-card__subtitle">What can cause it</h3>
          <ul className="tw-list" data-testid="causes">
            {model.causes.map((cause, i) => <li key={i}>{cause}</li>)}
          </ul>
        </>
      )}

      {model.summary && <SummaryBox summary={model.summary} />}

      {model.sources.length > 0 && (
        <>
          <h3 className="tw-card__subtitle">Sources</h3>
          <ul className="tw-list tw-sources" data-testid="sources">
            {model.sources.map((s, i) => (
              <li key={i}>
                {s.url ? <a href={s.url} target="_blank" rel="noopener noreferrer">{s.text}</a> : s.text}
              </li>
            ))}
          </ul>
        </>
      )}

      <p className="tw-card__disclaimer" data-testid="disclaimer">
        This is not a diagnosis and does not replace a doctor, nurse or pharmacist.
      </p>
    </section>
  );
}

export function UnknownCustomMessage() {
  return <p className="tw-card__disclaimer">The assistant sent something this page cannot show.</p>;
}
