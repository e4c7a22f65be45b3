"""Careers Assistant: cited answers to candidates' questions about job postings."""

__all__ = ["create_app"]


def __getattr__(name: str):
    # The engine is plain Python; Flask is imported only when the app is asked for.
    if name == "create_app":
        from assistant.app import create_app

        return create_app
    raise AttributeError(f"module 'assistant' has no attribute {name!r}")
