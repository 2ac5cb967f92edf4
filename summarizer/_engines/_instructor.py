"""The LLM engine for OpenAI-compatible servers: one client driven by instructor.

Re-asks (instructor) and transport retries (tenacity, in the HTTP transport below the
client) are two separate budgets.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import urllib.parse
from collections.abc import Awaitable, Callable
from typing import Any

import httpx2
import instructor
import openai

from summarizer._engines._base import EngineSettings, ModelChoice
from summarizer._engines._errors import provider_error
from summarizer._engines._providers import instructor_mode
from summarizer._engines._structured import StructuredEngine
from summarizer._engines._transport import (
    AsyncRetryingTransport,
    RetryingTransport,
    TransportPolicy,
)
from summarizer._errors import SummarizerError

# What making the clients and sending the first request would import (~0.4 s on an idle
# machine; openai loads its resources when a client's `chat` is first touched): imported
# when the engine is made, not inside the first request, where every other document of
# a batch would wait for it.
IMPORTED_BY_A_FIRST_REQUEST = (
    "openai.resources",
    "instructor.v2.providers.openai.client",
    "instructor.v2.providers.openai.handlers",
    "httpcore2",
    "anyio._backends._asyncio",
    "truststore",
)


class InstructorEngine(StructuredEngine):
    """Summarizes through an OpenAI-compatible chat API with validated re-asks."""

    def __init__(
        self,
        choice: ModelChoice,
        settings: EngineSettings,
        transport: httpx2.BaseTransport | None = None,
        async_transport: httpx2.AsyncBaseTransport | None = None,
    ) -> None:
        super().__init__(choice, settings)
        for module in IMPORTED_BY_A_FIRST_REQUEST:
            importlib.import_module(module)
        self._policy = TransportPolicy(settings.transport_retries)
        self._transport = transport
        self._async_transport = async_transport
        self._async_client: instructor.AsyncInstructor | None = None
        # The loop the async client was made on: its connection pool belongs to that loop.
        self._async_loop: asyncio.AbstractEventLoop | None = None

    @functools.cached_property
    def _client(self) -> instructor.Instructor:
        """Made on first use: a run that the cache answers opens no connection (and does
        not pay ~20 ms for a TLS context)."""
        http = httpx2.Client(transport=RetryingTransport(self._policy, self._transport))
        return instructor.from_openai(
            openai.OpenAI(**self._client_options(), http_client=http),
            mode=instructor_mode(self.choice.provider),
        )

    def _client_options(self) -> dict[str, Any]:
        base_url, query = _split_query(self.choice.base_url)
        return {
            "api_key": self.choice.api_key,
            "base_url": base_url,
            "default_query": query,
            "timeout": self.settings.timeout,
            "max_retries": 0,  # transport retries are ours, below the client
        }

    @property
    def openai_client(self) -> openai.OpenAI:
        """The client under instructor: other endpoints (a provider batch's files and
        batches) go through the same retrying transport, key and base URL."""
        client = self._client.client
        assert isinstance(client, openai.OpenAI), "from_openai was given an OpenAI client"
        return client

    def _create(self) -> Callable[..., Any]:
        return self._client.create

    def _acreate(self) -> Callable[..., Awaitable[Any]]:
        loop = asyncio.get_running_loop()
        if self._async_client is None or self._async_loop is not loop:
            # A client of an earlier (maybe closed) loop is dropped, not closed: closing
            # its connections would need that loop.
            self._async_client, self._async_loop = self._new_async_client(), loop
        return self._async_client.create

    def _new_async_client(self) -> instructor.AsyncInstructor:
        transport = AsyncRetryingTransport(self._policy, self._async_transport)
        return instructor.from_openai(
            openai.AsyncOpenAI(
                **self._client_options(), http_client=httpx2.AsyncClient(transport=transport)
            ),
            mode=instructor_mode(self.choice.provider),
        )

    def _provider_failure(self, error: BaseException) -> SummarizerError | None:
        return provider_error(error, self.choice) if isinstance(error, openai.APIError) else None

    def close(self) -> None:
        if "_client" in self.__dict__:  # never made: nothing to close
            self._client.client.close()  # type: ignore[union-attr]


def _split_query(url: str | None) -> tuple[str | None, dict[str, str] | None]:
    """URL without its query, and the query: the client appends its paths to the base URL
    as text (`/v1?key=K/chat/completions`), but sends a default query with every request."""
    if url is None:
        return None, None
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query, keep_blank_values=True))
    return urllib.parse.urlunsplit(parts._replace(query="")), query or None
