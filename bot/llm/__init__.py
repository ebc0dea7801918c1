"""The optional model grader: any OpenAI-compatible chat-completions endpoint (Ollama, vLLM, …).

`request.py` builds the request body, `client.py` sends it within a deadline and a concurrency
limit. What of the reply counts is decided in `bot/core/model_verdicts.py`, never here.
"""
