"""Typed settings from the environment and `.env`. A bad value is one clear line, not a traceback."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def bundled_questions() -> Path:
    """The repo's questions/ in a checkout or editable install, else the copy a wheel installs."""
    repo = Path(__file__).resolve().parent.parent / "questions"
    if repo.is_dir():
        return repo
    return Path(sys.prefix) / "share" / "mockloop" / "questions"


def default_db_path() -> Path:
    """The user's data folder (e.g. ~/.local/share/mockloop/mockloop.db), not the current folder:
    history follows the user wherever they run `mockloop`. MOCKLOOP_DB overrides it (the Docker
    image sets /data/mockloop.db)."""
    import platformdirs

    return platformdirs.user_data_path("mockloop", appauthor=False) / "mockloop.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(default=None, validation_alias="DISCORD_TOKEN")
    db_path: Path = Field(default_factory=default_db_path, validation_alias="MOCKLOOP_DB")
    questions_dir: Path = Field(default_factory=bundled_questions, validation_alias="MOCKLOOP_QUESTIONS")
    api_base: str | None = Field(default=None, validation_alias="DISCORD_API_BASE")
    gateway_url: str | None = Field(default=None, validation_alias="DISCORD_GATEWAY_URL")
    dev_guild: int | None = Field(default=None, validation_alias="MOCKLOOP_DEV_GUILD")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = Field(
        default="INFO", validation_alias="LOG_LEVEL"
    )
    judge_engine: Literal["bwrap", "piston", "judge0", "off"] = Field(
        default="bwrap", validation_alias="MOCKLOOP_JUDGE"
    )
    judge_url: str | None = Field(default=None, validation_alias="MOCKLOOP_JUDGE_URL")
    judge_api_key: SecretStr | None = Field(default=None, validation_alias="MOCKLOOP_JUDGE_API_KEY")
    judge_max_concurrent: int = Field(default=2, ge=1, le=16, validation_alias="MOCKLOOP_JUDGE_MAX_RUNS")
    # The optional model grader: any OpenAI-compatible endpoint (Ollama, llama.cpp, vLLM, LM Studio).
    llm_base_url: str | None = Field(default=None, validation_alias="MOCKLOOP_LLM_BASE_URL")
    llm_model: str | None = Field(default=None, validation_alias="MOCKLOOP_LLM_MODEL")
    llm_api_key: SecretStr | None = Field(default=None, validation_alias="MOCKLOOP_LLM_API_KEY")
    llm_timeout: float = Field(default=20.0, gt=0, le=300, validation_alias="MOCKLOOP_LLM_TIMEOUT")
    llm_max_concurrency: int = Field(default=4, ge=1, le=64, validation_alias="MOCKLOOP_LLM_MAX_CONCURRENCY")
    # How long `mockloop run` waits for Discord's first answer before saying it never came.
    connect_timeout: float = Field(default=30.0, gt=0, le=600, validation_alias="MOCKLOOP_CONNECT_TIMEOUT")

    @field_validator("discord_token", mode="before")
    @classmethod
    def _blank_token_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("llm_base_url", "llm_model", "llm_api_key", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("llm_base_url")
    @classmethod
    def _llm_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https:// (e.g. http://127.0.0.1:11434/v1 for Ollama)")
        return value.rstrip("/") if value else value

    @model_validator(mode="after")
    def _llm_needs_a_model(self) -> Settings:
        if self.llm_base_url and not self.llm_model:
            raise ValueError("MOCKLOOP_LLM_MODEL must name the model when MOCKLOOP_LLM_BASE_URL is set")
        return self

    @field_validator("dev_guild", mode="before")
    @classmethod
    def _blank_guild_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("api_base")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https:// (e.g. http://127.0.0.1:8080/api/v10)")
        return value.rstrip("/") if value else value

    @field_validator("gateway_url")
    @classmethod
    def _ws_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("ws://", "wss://")):
            raise ValueError("must start with ws:// or wss:// (e.g. ws://127.0.0.1:8080/gateway)")
        return value

    @field_validator("questions_dir")
    @classmethod
    def _questions_exist(cls, value: Path) -> Path:
        if not value.exists():
            raise ValueError(f"{value} does not exist (a folder of question YAML files)")
        return value


ENV_NAMES = {
    name: (field.validation_alias if isinstance(field.validation_alias, str) else name)
    for name, field in Settings.model_fields.items()
}


SECRET_ENV = frozenset({"DISCORD_TOKEN", "MOCKLOOP_JUDGE_API_KEY", "MOCKLOOP_LLM_API_KEY"})


class SettingsError(Exception):
    """Raised with one line per bad setting, naming the environment variable."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            message = err["msg"].removeprefix("Value error, ")
            if not err["loc"]:  # a rule across settings names its variables itself
                lines.append(f"Settings: {message}")
                continue
            loc = str(err["loc"][0])
            env = ENV_NAMES.get(loc, loc)
            value = err.get("input")
            shown = "" if env in SECRET_ENV else f" (got {value!r})"
            lines.append(f"Setting {env}{shown}: {message}")
        raise SettingsError("\n".join(lines)) from None
