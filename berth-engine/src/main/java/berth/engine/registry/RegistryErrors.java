package berth.engine.registry;

import berth.api.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Turns an error response of the registry API into a {@link RegistryException}. */
final class RegistryErrors {
    private RegistryErrors() {}

    static RegistryException of(int status, byte[] body) {
        String code = "";
        String message = defaultMessage(status);
        try {
            JsonNode errors = Json.mapper().readTree(body).path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                code = errors.get(0).path("code").asText("");
                message = errors.get(0).path("message").asText(message);
            }
        } catch (IOException | RuntimeException e) {
            // Not the registry's JSON (a proxy's HTML page, an empty HEAD answer): the status says enough.
            String text = new String(body, StandardCharsets.UTF_8).strip();
            if (!text.isEmpty() && text.length() < 200 && !text.startsWith("<")) message = message + ": " + text;
        }
        return new RegistryException(status, code, message, null);
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 401 -> "unauthorized: authentication required";
            case 403 -> "denied: requested access to the resource is denied";
            case 404 -> "not found";
            case 429 -> "toomanyrequests: the registry refuses requests for now (429 Too Many Requests)";
            default -> "unexpected status from registry: " + status;
        };
    }
}
