import berth.engine.build.dockerfile.Dockerfile;
import berth.engine.build.dockerfile.DockerfileParser;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of DockerfileParser.parse: the first parse in a fresh JVM (class loading included, what the first build
 * after a berthd start pays) and the steady state, for a typical 15-line two-stage Dockerfile and a 1,600-line one.
 * Run by bench/dockerfile-parse.sh. CPU time, not wall time, so a busy machine does not inflate it.
 */
public class DockerfileParseBench {
    static final String SMALL = """
            FROM busybox AS build
            ARG V=1
            ENV A="x y" B=$A
            WORKDIR /app
            COPY --chown=1:1 . .
            RUN --mount=type=cache,target=/c make \\
              all
            RUN <<EOF
            echo hi
            EOF
            FROM scratch
            COPY --from=build /app/out /out
            EXPOSE 80/tcp
            CMD ["/out"]
            """;

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        Dockerfile f = DockerfileParser.parse(SMALL, "Dockerfile");
        f.stagesNeededFor(null);
        long c1 = mx.getCurrentThreadCpuTime();
        System.out.printf("first parse + stage graph, fresh JVM: %.1f ms CPU%n", (c1 - c0) / 1e6);
        System.out.printf("15-line file, warm: %.1f us CPU per parse%n", perParse(mx, SMALL, 20_000) / 1e3);
        String large = large();
        System.out.printf("%d-line file, warm: %.2f ms CPU per parse%n", large.lines().count(),
                perParse(mx, large, 200) / 1e6);
    }

    static double perParse(ThreadMXBean mx, String text, int n) {
        for (int i = 0; i < n; i++) DockerfileParser.parse(text, "Dockerfile");
        long c0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) DockerfileParser.parse(text, "Dockerfile");
        return (double) (mx.getCurrentThreadCpuTime() - c0) / n;
    }

    static String large() {
        StringBuilder b = new StringBuilder("# syntax=docker/dockerfile:1\nARG BASE=busybox\n");
        for (int s = 0; s < 20; s++) {
            b.append("FROM ${BASE} AS s").append(s).append('\n');
            for (int i = 0; i < 48; i++) {
                switch (i % 6) {
                    case 0 -> b.append("RUN --mount=type=cache,target=/c apt-get install -y \\\n    curl \\\n    git\n");
                    case 1 -> b.append("ENV A").append(i).append("=\"v ").append(i).append("\" B=$A\n");
                    case 2 -> b.append("COPY --chown=1:1 --from=s0 src/ /app/\n");
                    case 3 -> b.append("RUN <<EOF\necho ").append(i).append("\nEOF\n");
                    case 4 -> b.append("LABEL a=\"b c\" d=e\n");
                    default -> b.append("CMD [\"sh\", \"-c\", \"echo hi\"]\n");
                }
            }
        }
        return b.toString();
    }
}
