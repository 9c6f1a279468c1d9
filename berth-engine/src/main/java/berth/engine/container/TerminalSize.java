package berth.engine.container;

import berth.api.errors.InvalidArgumentException;
import java.util.List;
import java.util.Map;

/** A terminal's size as Docker's API gives it ([height, width], or h and w), and where it goes. */
record TerminalSize(int height, int width) {

    /** From a ConsoleSize field: null when absent or zero, as Docker treats [0, 0]. */
    static TerminalSize of(List<Integer> consoleSize) {
        if (consoleSize == null || consoleSize.size() != 2) return null;
        Integer h = consoleSize.get(0);
        Integer w = consoleSize.get(1);
        if (h == null || w == null || h <= 0 || w <= 0) return null;
        return new TerminalSize(h, w);
    }

    /** From a resize request's {@code h} and {@code w}. */
    static TerminalSize parse(String h, String w) {
        return new TerminalSize(number(h), number(w));
    }

    private static int number(String text) {
        try {
            int n = Integer.parseInt(text == null ? "" : text);
            if (n < 0 || n > 65535) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("strconv.Atoi: parsing \"" + text + "\": invalid syntax");
        }
    }

    /** conmon's control FIFO message for a resize. */
    byte[] ctlMessage() {
        return ("1 " + height + " " + width + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** runc sizes the terminal it creates from process.consoleSize: the process never sees 0x0. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> withConsoleSize(Map<String, Object> spec, List<Integer> consoleSize) {
        TerminalSize size = of(consoleSize);
        if (size != null && spec.get("process") instanceof Map<?, ?> process) {
            ((Map<String, Object>) process).put("consoleSize", Map.of("height", size.height(), "width", size.width()));
        }
        return spec;
    }
}
