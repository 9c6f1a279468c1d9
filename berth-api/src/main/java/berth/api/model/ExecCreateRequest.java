package berth.api.model;

import java.util.List;

/**
 * {@code POST /containers/{id}/exec}: the process to run in a running container. {@code consoleSize} is [height,
 * width] (API 1.42+); {@code detachKeys} uses Docker's syntax ("ctrl-p,ctrl-q").
 */
public record ExecCreateRequest(
        String user,
        Boolean privileged,
        Boolean tty,
        List<Integer> consoleSize,
        Boolean attachStdin,
        Boolean attachStdout,
        Boolean attachStderr,
        Boolean detach,
        String detachKeys,
        List<String> env,
        String workingDir,
        List<String> cmd) {}
