package berth.cli.format;

import berth.api.Json;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;

/**
 * JSON text as Go's encoding/json writes it, so that inspect and {{json}} match the docker CLI byte for byte:
 * "<", ">", "&" escaped as \u003c…, empty containers as "[]" and "{}", "key": value, indent by 4 spaces.
 */
public final class GoJson {
    private static final ObjectWriter COMPACT = Json.mapper().writer().with(new GoEscapes());
    private static final ObjectWriter PLAIN = Json.mapper().writer();
    private static final ObjectWriter INDENTED = Json.mapper().writer(new GoPrettyPrinter()).with(new GoEscapes());

    private GoJson() {}

    public static String compact(JsonNode value) {
        return write(COMPACT, value);
    }

    /** Compact, without the HTML escaping (Go's Encoder with SetEscapeHTML(false)). */
    public static String compactUnescaped(JsonNode value) {
        return write(PLAIN, value);
    }

    /** The items as one array, {@link #indented}. */
    public static String indentedArray(java.util.List<JsonNode> items) {
        com.fasterxml.jackson.databind.node.ArrayNode array = berth.api.Json.mapper().createArrayNode();
        items.forEach(array::add);
        return indented(array);
    }

    public static String indented(JsonNode value) {
        return write(INDENTED, value);
    }

    private static String write(ObjectWriter writer, JsonNode value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Jackson's default puts a space inside empty containers and before the colon; Go does neither. */
    private static final class GoPrettyPrinter extends DefaultPrettyPrinter {
        GoPrettyPrinter() {
            DefaultIndenter four = new DefaultIndenter("    ", "\n");
            _objectIndenter = four;
            _arrayIndenter = four;
            _objectFieldValueSeparatorWithSpaces = ": ";
        }

        private GoPrettyPrinter(GoPrettyPrinter base) {
            super(base);
            _objectFieldValueSeparatorWithSpaces = ": ";
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new GoPrettyPrinter(this);
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            _nesting--;
            if (entries > 0) _objectIndenter.writeIndentation(g, _nesting);
            g.writeRaw('}');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            _nesting--;
            if (values > 0) _arrayIndenter.writeIndentation(g, _nesting);
            g.writeRaw(']');
        }
    }

    /** Go's HTML-safe escaping, which dockerd's encoder applies and the CLI keeps. */
    private static final class GoEscapes extends CharacterEscapes {
        private final int[] table;

        GoEscapes() {
            table = CharacterEscapes.standardAsciiEscapesForJSON();
            for (char c : new char[] {'<', '>', '&'}) table[c] = CharacterEscapes.ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
