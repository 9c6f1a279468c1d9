package berth.engine.container;

import berth.api.errors.InternalException;
import berth.api.errors.InvalidArgumentException;
import berth.api.model.ContainerTop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code top}: the host's {@code ps} with the client's arguments, keeping the rows whose PID is in the container's
 * cgroup, as dockerd does (moby's top_unix.go): the first try narrows ps to those pids with {@code -q}; options that
 * cannot go with {@code -q} make ps fail, and then it runs with the arguments alone and the rows are filtered.
 */
final class ProcessTable {
    private static final Pattern PID_ALIAS = Pattern.compile("\\s+([^\\s]*)=\\s*(PID[^\\s]*)");
    private static final long PS_TIMEOUT_SECONDS = 10;

    private ProcessTable() {}

    /** Refuses an argument that would rename the PID column, which the filter needs to find. */
    static void validate(String psArgs) {
        Matcher m = PID_ALIAS.matcher(psArgs);
        while (m.find()) {
            if (!m.group(1).equals("pid")) {
                throw new InvalidArgumentException("specifying \"" + m.group(1) + "=" + m.group(2) + "\" is not allowed");
            }
        }
    }

    static ContainerTop top(String psArgs, Set<Integer> pids) {
        String args = psArgs == null || psArgs.isEmpty() ? "-ef" : psArgs;
        validate(args);
        List<String> split = Arrays.asList(args.split(" ", -1));
        StringBuilder q = new StringBuilder("-q");
        for (int pid : pids) q.append(q.length() > 2 ? "," : "").append(pid);
        List<String> narrowed = new ArrayList<>(split);
        narrowed.add(q.toString());
        Result r = ps(narrowed);
        if (r.code() != 0) {
            r = ps(split);
            if (r.code() != 0) {
                String first = r.stderr().lines().findFirst().orElse("exit status " + r.code());
                throw new InternalException("ps: " + first, null);
            }
        }
        return parse(r.stdout(), pids);
    }

    /** ps's header and the rows of {@code pids}; a "-" PID (a thread line of {@code m}) goes with the row above it. */
    static ContainerTop parse(String output, Set<Integer> pids) {
        String[] lines = output.split("\n");
        List<String> titles = fields(lines[0]);
        int pidIndex = titles.indexOf("PID");
        if (pidIndex < 0) throw new InternalException("Couldn't find PID field in ps output", null);
        List<List<String>> processes = new ArrayList<>();
        boolean previousKept = false;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) continue;
            List<String> f = fields(lines[i]);
            if (f.size() <= pidIndex) continue;
            if (f.get(pidIndex).equals("-")) {
                if (previousKept) processes.add(row(f, titles.size()));
                continue;
            }
            int pid;
            try {
                pid = Integer.parseInt(f.get(pidIndex));
            } catch (NumberFormatException e) {
                throw new InternalException("Unexpected pid '" + f.get(pidIndex) + "': " + e.getMessage(), null);
            }
            previousKept = pids.contains(pid);
            if (previousKept) processes.add(row(f, titles.size()));
        }
        return new ContainerTop(titles, processes);
    }

    /** As many fields as titles: the last column (the command) keeps its spaces. */
    private static List<String> row(List<String> fields, int titles) {
        if (fields.size() <= titles) return fields;
        List<String> out = new ArrayList<>(fields.subList(0, titles - 1));
        out.add(String.join(" ", fields.subList(titles - 1, fields.size())));
        return out;
    }

    /** Split on ASCII white space only, as dockerd's fieldsASCII does. */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        for (String f : line.split("[ \\t\\n\\x0B\\f\\r]+")) if (!f.isEmpty()) out.add(f);
        return out;
    }

    private record Result(int code, String stdout, String stderr) {}

    private static Result ps(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("ps");
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            CompletableFuture<String> err = read(p.getErrorStream());
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(PS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new InternalException("ps did not finish within " + PS_TIMEOUT_SECONDS + " s", null);
            }
            return new Result(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new InternalException("ps: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InternalException("interrupted running ps", e);
        }
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return b.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, task -> Thread.ofVirtual().start(task));
    }
}
