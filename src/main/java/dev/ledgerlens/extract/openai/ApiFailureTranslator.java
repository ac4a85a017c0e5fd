package dev.ledgerlens.extract.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import dev.ledgerlens.failure.FailureReason;
import dev.ledgerlens.failure.LedgerlensException;

import java.io.InterruptedIOException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Maps what the OpenAI SDK throws, after its own retries, to a typed reason: 429 rate limit, 5xx and
 * timeouts are TRANSIENT (Camel redelivers later), no quota and a rejected key are FATAL, the rest is
 * PERMANENT for this document. Messages keep the status, the API's error code and request id, and
 * never the API key: the server's text is redacted, and service errors are not chained as causes
 * because their messages echo the response body. Stateless and thread-safe.
 */
final class ApiFailureTranslator {
    /** Anything that looks like an OpenAI-style secret, in case a server echoes one back. */
    private static final Pattern KEY_LIKE = Pattern.compile("sk-[A-Za-z0-9_*\\-]{3,}");

    private final String apiKey;

    ApiFailureTranslator(String apiKey) {
        this.apiKey = apiKey;
    }

    LedgerlensException translate(OpenAIException failure, String model) {
        if (failure instanceof OpenAIServiceException service) {
            return translateService(service, model);
        }
        if (failure instanceof OpenAIIoException io) {
            boolean timedOut = causedByTimeout(io);
            return new LedgerlensException(timedOut ? FailureReason.MODEL_TIMEOUT : FailureReason.MODEL_UNAVAILABLE,
                    (timedOut ? "the model did not answer in time" : "the model's server could not be reached")
                            + " after all retries: " + redact(rootMessage(io)), io);
        }
        if (failure instanceof OpenAIInvalidDataException) {
            return new LedgerlensException(FailureReason.MODEL_MALFORMED_JSON,
                    "the server's response is not in the OpenAI format: " + redact(failure.getMessage()));
        }
        return new LedgerlensException(FailureReason.INTERNAL_ERROR,
                "unexpected failure of the OpenAI client: " + redact(failure.getMessage()));
    }

    private LedgerlensException translateService(OpenAIServiceException service, String model) {
        int status = service.statusCode();
        String code = service.code().orElse(service.type().orElse(""));
        String detail = "HTTP " + status + (code.isEmpty() ? "" : " " + code) + requestId(service) + ": " + apiMessage(service);
        FailureReason reason;
        if (service instanceof UnauthorizedException || service instanceof PermissionDeniedException) {
            reason = FailureReason.AUTHENTICATION_FAILED;
            detail += "; check OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible server)";
        } else if (service instanceof RateLimitException) {
            boolean quota = "insufficient_quota".equals(service.code().orElse(null))
                    || "insufficient_quota".equals(service.type().orElse(null));
            reason = quota ? FailureReason.QUOTA_EXCEEDED : FailureReason.MODEL_RATE_LIMITED;
            if (quota) {
                detail += "; add credit or raise the limit in the OpenAI billing settings";
            }
        } else if (service instanceof InternalServerException || status >= 500 || status == 409) {
            reason = FailureReason.MODEL_UNAVAILABLE;
        } else if (status == 408) {
            reason = FailureReason.MODEL_TIMEOUT;
        } else if (service instanceof NotFoundException) {
            reason = FailureReason.CONFIGURATION_INVALID;
            detail += "; check the model name '" + model + "' and OPENAI_BASE_URL";
        } else if (status == 413) {
            reason = FailureReason.TOO_LARGE;
        } else if (service instanceof BadRequestException) {
            reason = FailureReason.INTERNAL_ERROR;
        } else {
            reason = FailureReason.INTERNAL_ERROR;
        }
        return new LedgerlensException(reason, "the model API refused the request, " + detail);
    }

    private static String requestId(OpenAIServiceException service) {
        List<String> ids = service.headers().values("x-request-id");
        return ids.isEmpty() ? "" : " (request " + ids.get(0) + ")";
    }

    private String apiMessage(OpenAIServiceException service) {
        String message;
        try {
            JsonNode body = service.body().convert(JsonNode.class);
            JsonNode error = body == null ? null : body.path("error");
            message = error != null && error.hasNonNull("message") ? error.get("message").asText() : String.valueOf(body);
        } catch (RuntimeException e) {
            // The body is not JSON (a proxy's HTML page): its first line says enough.
            message = String.valueOf(service.body());
        }
        message = redact(message);
        return message.length() <= 300 ? message : message.substring(0, 300) + "…";
    }

    /** Removes the API key and anything key-shaped from a text meant for logs and the dead-letter table. */
    String redact(String text) {
        if (text == null) {
            return "";
        }
        String result = apiKey.isEmpty() ? text : text.replace(apiKey, "***");
        return KEY_LIKE.matcher(result).replaceAll("sk-***");
    }

    private static boolean causedByTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
    }
}
