"""A chat request and its answer apart: what an out-of-band run (a provider's Batch API)
needs from an instructor engine.

`chat_request_body` is the body the online path sends first for a document (instructor
prepares it: messages, tools or response format, sampling), built without sending it.
`output_from_completion` reads a chat completion received for that body with instructor's
parser for the same mode and the same grounding check. There is no re-ask: an answer
whose quotes do not all align is kept as the best attempt, as the online path keeps it
when its budget runs out; an answer that is not a summary is a `ModelOutputError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import openai
from instructor.core.exceptions import IncompleteOutputException
from instructor.v2.core.providers import Provider
from instructor.v2.core.response import handle_response_model, process_response
from openai.types.chat import ChatCompletion
from pydantic import ValidationError

from summarizer._engines._base import EngineOutput, EngineSettings, ModelChoice
from summarizer._engines._errors import model_output_error, refusal_error, refusal_text
from summarizer._engines._llm_response import (
    GroundingCheck,
    ModelFacingSummary,
    checking_grounding,
    model_facing_summary,
)
from summarizer._engines._providers import LLM_PROVIDERS, instructor_mode
from summarizer._engines._structured import REASKABLE
from summarizer._errors import ConfigurationError, ModelOutputError
from summarizer._prompts import render_document_prompt
from summarizer._schema import StructuredSummary, Usage

# One answer, never re-asked: the attempt count of every out-of-band result.
ONE_ATTEMPT = 1


def chat_request_body(
    choice: ModelChoice, settings: EngineSettings, document: str
) -> dict[str, Any]:
    """The JSON body of the chat completion request `summarize` sends first for DOCUMENT."""
    _check_provider(choice)
    _, body = handle_response_model(
        model_facing_summary(settings.max_items),
        mode=instructor_mode(choice.provider),
        provider=Provider.OPENAI,
        model=choice.name,
        messages=render_document_prompt(document).as_dicts(),
        **settings.generation.as_request(),
    )
    return body


def output_from_completion(
    choice: ModelChoice, settings: EngineSettings, document: str, completion: Mapping[str, Any]
) -> EngineOutput:
    """DOCUMENT's summary from COMPLETION (a chat completion body answering
    `chat_request_body`), checked as the online path checks its last attempt."""
    _check_provider(choice)
    try:
        response = ChatCompletion.model_validate(completion)
    except ValidationError:
        raise ModelOutputError("the answer is not a chat completion", attempts=0) from None
    check = GroundingCheck(document, settings.reask_unverifiable)
    summary, best = _parsed(choice, settings, response, check)
    return EngineOutput(
        summary=summary,
        attempts=ONE_ATTEMPT,
        usage=_usage(response),
        prompt=render_document_prompt(document).info,
        best_attempt=best,
    )


def _parsed(
    choice: ModelChoice, settings: EngineSettings, response: ChatCompletion, check: GroundingCheck
) -> tuple[StructuredSummary, bool]:
    """The summary in RESPONSE and whether it is a best attempt (grounding fell short)."""
    refusal = refusal_text(response)
    with checking_grounding(check):
        try:
            parsed: ModelFacingSummary = process_response(
                response,
                response_model=model_facing_summary(settings.max_items),
                stream=False,
                strict=False,
                mode=instructor_mode(choice.provider),
                provider=Provider.OPENAI,
            )
        except (*REASKABLE, openai.APIError, ValueError, TypeError) as error:
            best = check.best_candidate()
            if best is not None:  # structurally valid; some quotes or claims unsupported
                return best, True
            if refusal is not None:
                raise refusal_error(refusal, ONE_ATTEMPT, choice) from None
            raise model_output_error(error, ONE_ATTEMPT) from None
        except IncompleteOutputException:
            raise ModelOutputError(
                "the model's output was cut off at the token limit (finish_reason=length); "
                "raise --max-tokens or use a larger model",
                attempts=ONE_ATTEMPT,
            ) from None
    return parsed.as_summary(), False


def _usage(response: ChatCompletion) -> Usage:
    usage = response.usage
    if usage is None:
        return Usage()
    return Usage(
        prompt_tokens=usage.prompt_tokens or 0,
        completion_tokens=usage.completion_tokens or 0,
        total_tokens=usage.total_tokens or 0,
    )


def _check_provider(choice: ModelChoice) -> None:
    if choice.provider not in LLM_PROVIDERS:
        raise ConfigurationError(
            f"--model {choice.spec if choice.name else choice.provider}: a provider batch "
            f"needs an OpenAI-compatible model ({', '.join(LLM_PROVIDERS)})"
        )
