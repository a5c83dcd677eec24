"""Running the assistant in production (issue 16). See docs/DEPLOY.md.

Modules, and where Rasa picks each one up:

| module | loaded by | what |
| --- | --- | --- |
| ``tracker_store`` | endpoints (``tracker_store: type: production.tracker_store...``) | SQLite/PostgreSQL/in-memory stores that delete a conversation after "forget me"; importing it also installs ``resilience`` |
| ``lock_store`` | endpoints (``lock_store: type: production.lock_store.RedisUrlLockStore``) | Rasa's Redis lock store, configured by one URL |
| ``resilience`` | ``tracker_store`` and ``rasa_server`` | a kind reply instead of silence when the action server cannot be reached |
| ``limits`` | ``rasa_server`` | request body size limit and a per-sender token bucket (429) |
| ``rasa_server`` | ``python -m production.rasa_server run ...`` (stack.py, Dockerfile) | Rasa's CLI with ``limits`` and ``resilience`` installed |
| ``action_server`` | ``python -m production.action_server`` | rasa-sdk's action server requiring ``ACTION_SERVER_TOKEN`` |
"""
