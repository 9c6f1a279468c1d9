package berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shapes of Dockerfiles as projects and Docker's documentation write them (in our own words), each with the fact
 * about it the parser must get right.
 */
class RealWorldSnippetsTest {

    private static Arguments snippet(String name, String text, Consumer<Dockerfile> check) {
        return Arguments.of(name, text, check);
    }

    private static Instruction ins(Dockerfile f, int stage, int index) {
        return f.stages().get(stage).instructions().get(index);
    }

    static Stream<Arguments> snippets() {
        return Stream.of(
                snippet("apt-get with continuations and an inline comment line", """
                        FROM debian:bookworm
                        RUN apt-get update && apt-get install -y --no-install-recommends \\
                            # tools
                            ca-certificates \\
                            curl \\
                         && rm -rf /var/lib/apt/lists/*
                        """, f -> assertThat(((Instruction.Run) ins(f, 0, 0)).command()).isEqualTo(
                        new CommandLine.ShellForm("apt-get update && apt-get install -y --no-install-recommends "
                                + "    ca-certificates     curl  && rm -rf /var/lib/apt/lists/*"))),
                snippet("Go multi-stage with a cache mount and a scratch final stage", """
                        # syntax=docker/dockerfile:1
                        FROM golang:1.22 AS build
                        WORKDIR /src
                        COPY go.mod go.sum ./
                        RUN --mount=type=cache,target=/go/pkg/mod go mod download
                        COPY . .
                        RUN CGO_ENABLED=0 go build -o /bin/app ./cmd/app
                        FROM scratch
                        COPY --from=build /bin/app /bin/app
                        ENTRYPOINT ["/bin/app"]
                        """, f -> {
                            assertThat(f.stages()).hasSize(2);
                            assertThat(f.stagesNeededFor(null)).hasSize(2);
                            assertThat(((Instruction.Run) ins(f, 0, 2)).mounts()).singleElement()
                                    .isInstanceOf(RunMount.Cache.class);
                            assertThat(f.notes()).hasSize(1);
                        }),
                snippet("node app with npm cache, non-root user, exec CMD", """
                        FROM node:20-alpine
                        ENV NODE_ENV=production
                        WORKDIR /usr/src/app
                        COPY --chown=node:node package*.json ./
                        RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev
                        COPY --chown=node:node . .
                        USER node
                        EXPOSE 3000
                        CMD [ "node", "server.js" ]
                        """, f -> {
                            assertThat(((Instruction.Copy) ins(f, 0, 2)).sources()).containsExactly("package*.json");
                            assertThat(((Instruction.Cmd) ins(f, 0, 7)).command())
                                    .isEqualTo(new CommandLine.ExecForm(List.of("node", "server.js")));
                        }),
                snippet("python with pip, ENV in legacy form and PYTHONUNBUFFERED", """
                        FROM python:3.12-slim
                        ENV PYTHONDONTWRITEBYTECODE 1
                        ENV PYTHONUNBUFFERED=1 \\
                            PIP_NO_CACHE_DIR=off
                        COPY requirements.txt .
                        RUN pip install -r requirements.txt
                        CMD python -m http.server 8000
                        """, f -> {
                            assertThat(((Instruction.Env) ins(f, 0, 0)).variables())
                                    .containsExactly(new KeyValue("PYTHONDONTWRITEBYTECODE", "1", true));
                            assertThat(((Instruction.Env) ins(f, 0, 1)).variables()).hasSize(2);
                        }),
                snippet("nginx config written with a heredoc", """
                        FROM nginx:alpine
                        COPY <<EOF /etc/nginx/conf.d/default.conf
                        server {
                            listen 80;
                            location / { return 200 "ok\\n"; }
                        }
                        EOF
                        """, f -> {
                            Instruction.Copy c = (Instruction.Copy) ins(f, 0, 0);
                            assertThat(c.heredocs().getFirst().content()).startsWith("server {\n")
                                    .endsWith("}\n").contains("return 200 \"ok\\n\";");
                            assertThat(c.destination()).isEqualTo("/etc/nginx/conf.d/default.conf");
                        }),
                snippet("RUN heredoc with a shebang script", """
                        FROM python:3
                        RUN <<EOT
                        #!/usr/bin/env python3
                        print("hello")
                        EOT
                        """, f -> assertThat(((Instruction.Run) ins(f, 0, 0)).heredocs().getFirst().content())
                        .isEqualTo("#!/usr/bin/env python3\nprint(\"hello\")\n")),
                snippet("ARG before FROM to choose the base and re-declared inside", """
                        ARG VERSION=latest
                        FROM busybox:$VERSION
                        ARG VERSION
                        RUN echo $VERSION > image_version
                        """, f -> {
                            assertThat(f.globalArgs()).hasSize(1);
                            assertThat(Expansion.expand(f.stages().getFirst().from(), f.substitution(),
                                    Map.of("VERSION", "1.36")).instruction().image()).isEqualTo("busybox:1.36");
                        }),
                snippet("Windows-style escape directive", """
                        # escape=`
                        FROM mcr.microsoft.com/windows/servercore
                        COPY testfile.txt c:\\
                        RUN dir c:\\
                        """, f -> {
                            assertThat(((Instruction.Copy) ins(f, 0, 0)).destination()).isEqualTo("c:\\");
                            assertThat(f.stages().getFirst().instructions()).hasSize(2);
                        }),
                snippet("without the escape directive a trailing backslash joins lines", """
                        FROM busybox
                        COPY testfile.txt c:\\
                        RUN dir c:\\
                        """, f -> assertThat(f.stages().getFirst().instructions()).hasSize(1)),
                snippet("SHELL switched to bash with pipefail", """
                        FROM debian
                        SHELL ["/bin/bash", "-o", "pipefail", "-c"]
                        RUN wget -O - https://some.site | wc -l > /number
                        """, f -> assertThat(CommandRules.resolve(((Instruction.Run) ins(f, 0, 1)).command(),
                        ((Instruction.Shell) ins(f, 0, 0)).shell(), false)).containsExactly("/bin/bash", "-o",
                        "pipefail", "-c", "wget -O - https://some.site | wc -l > /number")),
                snippet("HEALTHCHECK with a shell command and options", """
                        FROM nginx
                        HEALTHCHECK --interval=5m --timeout=3s \\
                          CMD curl -f http://localhost/ || exit 1
                        """, f -> {
                            Instruction.Healthcheck h = (Instruction.Healthcheck) ins(f, 0, 0);
                            assertThat(h.test()).containsExactly("CMD-SHELL", "curl -f http://localhost/ || exit 1");
                            assertThat(h.interval()).hasMinutes(5);
                        }),
                snippet("ONBUILD triggers of a language base image", """
                        FROM python:3
                        ONBUILD ADD . /app/src
                        ONBUILD RUN /usr/local/bin/python-build --dir /app/src
                        """, f -> assertThat(f.stages().getFirst().instructions()).extracting(i ->
                        ((Instruction.Onbuild) i).expression()).containsExactly("ADD . /app/src",
                        "RUN /usr/local/bin/python-build --dir /app/src")),
                snippet("LABEL spread over several lines with quotes", """
                        FROM busybox
                        LABEL org.opencontainers.image.title="My App" \\
                              org.opencontainers.image.description="Does \\"things\\"" \\
                              version="1.0"
                        """, f -> {
                            List<KeyValue> labels = ((Instruction.Label) ins(f, 0, 0)).labels();
                            assertThat(labels).hasSize(3);
                            assertThat(f.substitution().expand(labels.get(1).value(), Map.of()))
                                    .isEqualTo("Does \"things\"");
                        }),
                snippet("EXPOSE with protocols and a range", """
                        FROM busybox
                        EXPOSE 80/tcp 80/udp 6000-6002
                        """, f -> assertThat(ExposedPorts.of((Instruction.Expose) ins(f, 0, 0), f.substitution(),
                        Map.of())).containsExactly("80/tcp", "80/udp", "6000/tcp", "6001/tcp", "6002/tcp")),
                snippet("a secret mount used as a file and the default target", """
                        FROM alpine
                        RUN --mount=type=secret,id=aws,target=/root/.aws/credentials aws s3 cp s3://a b
                        RUN --mount=type=secret,id=token cat /run/secrets/token
                        """, f -> {
                            RunMount.Secret first = (RunMount.Secret) ((Instruction.Run) ins(f, 0, 0)).mounts()
                                    .getFirst();
                            RunMount.Secret second = (RunMount.Secret) ((Instruction.Run) ins(f, 0, 1)).mounts()
                                    .getFirst();
                            assertThat(first.fileTarget()).isEqualTo("/root/.aws/credentials");
                            assertThat(second.fileTarget()).isEqualTo("/run/secrets/token");
                        }),
                snippet("COPY --link --chmod and --parents as in recent Docker docs", """
                        FROM busybox
                        COPY --link --chmod=755 entrypoint.sh /usr/local/bin/
                        COPY --parents ./src/**/*.go /app/
                        """, f -> {
                            assertThat(((Instruction.Copy) ins(f, 0, 0)).chmod()).isEqualTo("755");
                            assertThat(((Instruction.Copy) ins(f, 0, 1)).parents()).isTrue();
                        }),
                snippet("ENTRYPOINT script with CMD defaults", """
                        FROM postgres
                        COPY docker-entrypoint.sh /usr/local/bin/
                        ENTRYPOINT ["docker-entrypoint.sh"]
                        CMD ["postgres"]
                        """, f -> {
                            CommandRules r = CommandRules.inherited(null, List.of("bash"))
                                    .apply((Instruction.Entrypoint) ins(f, 0, 1), List.of("/bin/sh", "-c"))
                                    .apply((Instruction.Cmd) ins(f, 0, 2), List.of("/bin/sh", "-c"));
                            assertThat(r.process()).containsExactly("docker-entrypoint.sh", "postgres");
                        }),
                snippet("lower-case instructions and AS", """
                        from alpine as builder
                        run echo hi > /x
                        from alpine
                        copy --from=builder /x /x
                        """, f -> assertThat(f.stagesNeededFor(null)).extracting(Stage::displayName)
                        .containsExactly("builder", "1")),
                snippet("a JSON-looking CMD with single quotes is shell form", """
                        FROM busybox
                        CMD ['echo', 'hi']
                        """, f -> assertThat(((Instruction.Cmd) ins(f, 0, 0)).command())
                        .isEqualTo(new CommandLine.ShellForm("['echo', 'hi']"))),
                snippet("several heredocs feeding files in one RUN", """
                        FROM busybox
                        RUN <<FILE1 cat > file1 && <<FILE2 cat > file2
                        I am
                        first
                        FILE1
                        I am
                        second
                        FILE2
                        RUN cat file1 file2
                        """, f -> {
                            assertThat(((Instruction.Run) ins(f, 0, 0)).heredocs()).hasSize(2);
                            assertThat(ins(f, 0, 1).line()).isEqualTo(9);
                        }),
                snippet("tab-indented heredoc with <<-", "FROM busybox\nRUN <<-EOF\n\techo one\n\t\techo two\n\tEOF\n",
                        f -> assertThat(((Instruction.Run) ins(f, 0, 0)).heredocs().getFirst().content())
                                .isEqualTo("echo one\necho two\n")),
                snippet("STOPSIGNAL and a VOLUME in JSON form", """
                        FROM nginx
                        STOPSIGNAL SIGQUIT
                        VOLUME ["/var/cache/nginx", "/var/log/nginx"]
                        """, f -> assertThat(((Instruction.Volume) ins(f, 0, 1)).paths()).hasSize(2)),
                snippet("USER with uid:gid and WORKDIR relative after absolute", """
                        FROM busybox
                        WORKDIR /a
                        WORKDIR b
                        USER 1000:1000
                        """, f -> assertThat(((Instruction.Workdir) ins(f, 0, 1)).path()).isEqualTo("b")),
                snippet("FROM a previous stage by name, then build it further", """
                        FROM busybox AS base
                        RUN echo base > /base
                        FROM base AS dev
                        RUN echo dev > /dev-marker
                        FROM base AS prod
                        """, f -> assertThat(f.stagesNeededFor("dev")).extracting(Stage::name)
                        .containsExactly("base", "dev")),
                snippet("ADD of a local archive and a URL with a checksum", """
                        FROM busybox
                        ADD rootfs.tar.xz /
                        ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.txt /a.txt
                        """, f -> assertThat(((Instruction.Add) ins(f, 0, 1)).checksum()).startsWith("sha256:")),
                snippet("MAINTAINER still parses", """
                        FROM busybox
                        MAINTAINER Jane Doe <jane@example.com>
                        """, f -> assertThat(((Instruction.Maintainer) ins(f, 0, 0)).maintainer())
                        .isEqualTo("Jane Doe <jane@example.com>")),
                snippet("comment at the end after an instruction and blank lines everywhere", """


                        FROM busybox

                        # final command
                        CMD ["sh"]

                        """, f -> assertThat(ins(f, 0, 0).line()).isEqualTo(6)),
                snippet("predefined platform ARG in FROM --platform", """
                        FROM --platform=$BUILDPLATFORM golang AS build
                        ARG TARGETOS TARGETARCH
                        RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build
                        """, f -> {
                            assertThat(((Instruction.Arg) ins(f, 0, 0)).args()).extracting(ArgDefinition::name)
                                    .allMatch(PredefinedArgs::isPlatform);
                            assertThat(f.stages().getFirst().platform()).isEqualTo("$BUILDPLATFORM");
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snippets")
    void parsesAsDockerDoes(String name, String text, Consumer<Dockerfile> check) {
        check.accept(DockerfileParser.parse(text, "Dockerfile"));
    }
}
