package berth.client;

import static org.assertj.core.api.Assertions.assertThat;

import berth.api.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    private static String jackson(Object v) throws Exception {
        return Json.mapper().writeValueAsString(v);
    }

    @Test
    void mapEntriesWithNullValuesAreLeftOutAsJacksonDoes() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Cmd", null);
        m.put("Image", "busybox");
        assertThat(JsonWriter.write(m)).isEqualTo("{\"Image\":\"busybox\"}").isEqualTo(jackson(m));
    }

    @Test
    void nullsInsideListsAreKept() throws Exception {
        List<Object> l = Arrays.asList("a", null);
        assertThat(JsonWriter.write(l)).isEqualTo("[\"a\",null]").isEqualTo(jackson(l));
    }

    @Test
    void stringsAreEscapedAsJacksonEscapesThem() throws Exception {
        String s = "q\" b\\ /\b\f\n\r\t\u0001\u001f\u007f é \u2028";
        assertThat(JsonWriter.write(s)).isEqualTo(jackson(s));
    }

    @Test
    void numbersAndBooleansAreWrittenAsJacksonWritesThem() throws Exception {
        List<Object> l = List.of(0, -7, 10_000_000_000L, 1.5, 1e20, 0.1f, true, false);
        assertThat(JsonWriter.write(l)).isEqualTo(jackson(l));
    }

    @Test
    void aCreateBodyIsTheSameBytesAsJacksons() throws Exception {
        Map<String, Object> host = new LinkedHashMap<>();
        host.put("Binds", null);
        host.put("NetworkMode", "default");
        host.put("ConsoleSize", List.of(0, 0));
        host.put("LogConfig", Map.of("Type", "", "Config", new LinkedHashMap<>()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Env", new ArrayList<>(List.of("A=1", "B=x y")));
        body.put("Labels", Map.of("k", "v"));
        body.put("StopTimeout", 10);
        body.put("HostConfig", host);
        assertThat(JsonWriter.write(body)).isEqualTo(jackson(body));
    }
}
