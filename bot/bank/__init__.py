"""Question-bank files: YAML loading with line numbers, validation and authoring tools."""

from bot.bank.errors import BankError
from bot.bank.loader import LoadResult, load_bank, load_default_bank, parse_bank_text

__all__ = ["BankError", "LoadResult", "load_bank", "load_default_bank", "parse_bank_text"]
