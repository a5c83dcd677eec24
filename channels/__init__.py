"""Custom Rasa input channels."""
