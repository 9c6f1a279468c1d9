package berth.engine.build.dockerfile;

import berth.api.errors.InvalidArgumentException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The entry point: Dockerfile text in, {@link Dockerfile} out, or an {@link InvalidArgumentException} whose message
 * starts with {@code <fileName>:<line>:} and names the instruction ({@code Dockerfile:3: unknown instruction: RUNN}).
 * Nothing is substituted here; everything the language lets be checked before a step runs is checked.
 */
public final class DockerfileParser {
    private DockerfileParser() {}

    public static Dockerfile parse(String text, String fileName) {
        if (text.isEmpty()) {
            throw new InvalidArgumentException("the Dockerfile (" + fileName + ") cannot be empty");
        }
        LogicalLines.Result read;
        try {
            read = LogicalLines.read(text, fileName);
        } catch (LogicalLines.Located e) {
            throw at(fileName, e.line, e.getMessage());
        }
        if (read.lines().isEmpty()) throw new InvalidArgumentException(fileName + ": file with no instructions");
        InstructionParser parser = new InstructionParser(read.directives().escape());
        List<Instruction.Arg> globalArgs = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        Instruction.From from = null;
        List<Instruction> current = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (LogicalLines.Line line : read.lines()) {
            Instruction instruction;
            try {
                instruction = parser.parse(line.text(), line.start(), line.heredocs());
            } catch (ParseProblem p) {
                throw at(fileName, line.start(), p.getMessage());
            }
            if (instruction instanceof Instruction.From f) {
                if (from != null) stages.add(new Stage(stages.size(), from, current));
                if (f.stageName() != null && !names.add(f.stageName())) {
                    throw at(fileName, line.start(), "FROM: duplicate stage name \"" + f.stageName() + "\"");
                }
                from = f;
                current = new ArrayList<>();
            } else if (from == null) {
                if (!(instruction instanceof Instruction.Arg arg)) {
                    throw at(fileName, line.start(), instruction.keyword()
                            + ": no build stage in current context (only ARG may come before the first FROM)");
                }
                globalArgs.add(arg);
            } else {
                current.add(instruction);
            }
        }
        if (from == null) throw new InvalidArgumentException(fileName + ": dockerfile contains no stages to build");
        stages.add(new Stage(stages.size(), from, current));
        return new Dockerfile(fileName, read.directives(), globalArgs, stages, read.notes());
    }

    private static InvalidArgumentException at(String fileName, int line, String message) {
        return new InvalidArgumentException(fileName + ":" + line + ": " + message);
    }
}
