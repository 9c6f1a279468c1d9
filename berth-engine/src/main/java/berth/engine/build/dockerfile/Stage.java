package berth.engine.build.dockerfile;

import java.util.List;

/**
 * One build stage: its FROM and the instructions after it, up to the next FROM.
 *
 * @param index 0-based position among the stages (what {@code COPY --from=0} refers to)
 * @param from the stage's FROM instruction
 * @param instructions the instructions after FROM, in order
 */
public record Stage(int index, Instruction.From from, List<Instruction> instructions) {
    public Stage {
        instructions = List.copyOf(instructions);
    }

    /** The {@code AS} name, lower-cased, or null for an unnamed stage. */
    public String name() {
        return from.stageName();
    }

    /** The base image text as written ({@code scratch}, an image reference, a previous stage, or {@code $VAR}). */
    public String baseImage() {
        return from.image();
    }

    /** The {@code --platform} value as written, or null. */
    public String platform() {
        return from.platform();
    }

    /** The name to show and to match: the {@code AS} name, else the index as text. */
    public String displayName() {
        return name() != null ? name() : Integer.toString(index);
    }

    /** True when this stage answers to {@code ref} (its name, case-insensitively, or its index as Docker reads it). */
    public boolean answersTo(String ref) {
        if (ref == null) return false;
        if (name() != null && name().equalsIgnoreCase(ref)) return true;
        try {
            return Integer.parseInt(ref) == index;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@code FROM scratch} after substitution: the base is empty, not an image. */
    public static boolean isScratch(String expandedBaseImage) {
        return "scratch".equals(expandedBaseImage);
    }
}
