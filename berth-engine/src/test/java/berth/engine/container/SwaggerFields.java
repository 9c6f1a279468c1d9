package berth.engine.container;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The field list extracted from moby's api/swagger.yaml for API 1.50 (test resource, see its header). */
record SwaggerFields(String section, String name, String type, boolean omitEmpty) {

    static List<SwaggerFields> all() {
        try (InputStream in = SwaggerFields.class.getResourceAsStream("/swagger-v1.50/container-fields.txt")) {
            List<SwaggerFields> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.strip().split(" ");
                out.add(new SwaggerFields(f[0], f[1], f[2], f.length > 3 && f[3].equals("omitempty")));
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<SwaggerFields> of(String section) {
        return all().stream().filter(f -> f.section().equals(section)).toList();
    }

    static List<String> names(String section) {
        return of(section).stream().map(SwaggerFields::name).toList();
    }

    static List<String> alwaysPresent(String section) {
        return of(section).stream().filter(f -> !f.omitEmpty()).map(SwaggerFields::name).toList();
    }
}
