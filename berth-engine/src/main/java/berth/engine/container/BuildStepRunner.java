package berth.engine.container;

import berth.api.Json;
import berth.api.errors.InternalException;
import berth.api.model.ContainerCreateRequest;
import berth.api.model.WaitResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** {@link BuildContainers} over the container service's own create, attach, start, wait and removal. */
final class BuildStepRunner implements BuildContainers {
    /** The label that marks a build step's container; the container list skips such containers. */
    static final String LABEL = "berth.build-step";

    private final LocalContainerService service;

    BuildStepRunner(LocalContainerService service) {
        this.service = service;
    }

    static boolean isBuildStep(ContainerRecord r) {
        return r.config() != null && r.config().labels() != null && r.config().labels().containsKey(LABEL);
    }

    @Override
    public <T> Result<T> run(Step step, Consumer<String> created, Output output, BooleanSupplier alive,
                             UpperReader<T> upper) {
        ContainerRecord record = service.creator().create(null, request(step), step.image());
        String id = record.id();
        service.events().publish(record, "create");
        created.accept(id);
        try {
            ContainerService.Attachment attachment = service.attach(id,
                    new ContainerService.AttachOptions(false, true, true, true, false, null));
            CompletableFuture<WaitResponse> exit = service.wait(id, ContainerService.WaitCondition.NEXT_EXIT);
            service.start(id);
            Thread pump = Thread.ofVirtual().name("build-output-" + id.substring(0, 12)).start(() -> {
                try (attachment) {
                    attachment.stream(InputStream.nullInputStream(), new ContainerService.StreamSink() {
                        @Override
                        public void write(ContainerService.StreamType stream, byte[] data, int offset, int length)
                                throws IOException {
                            output.write(data, offset, length);
                        }

                        @Override
                        public boolean isOpen() {
                            return true;
                        }
                    });
                } catch (IOException | RuntimeException e) {
                    // output that cannot be shown (client gone) does not change the step's result
                }
            });
            WaitResponse response = awaitExit(exit, alive);
            pump.join(5_000);
            int code = (int) response.statusCode();
            T layer = code == 0 ? upper.read(service.layouts().of(id).upper()) : null;
            return new Result<>(code, layer);
        } catch (IOException e) {
            throw new InternalException("reading the changes of build step container " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("build interrupted");
        } finally {
            service.removalQuietly(id);
        }
    }

    private static WaitResponse awaitExit(CompletableFuture<WaitResponse> exit, BooleanSupplier alive)
            throws InterruptedException {
        while (true) {
            try {
                return exit.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                if (!alive.getAsBoolean()) throw new CancellationException("build cancelled by the client");
            } catch (ExecutionException e) {
                throw new InternalException("waiting for a build step: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /** As Docker's builder creates a step's container: the step's command, no entrypoint, no health check. */
    private static ContainerCreateRequest request(Step step) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("User", step.user() == null ? "" : step.user());
        m.put("Env", step.env());
        m.put("Cmd", step.command());
        m.put("Entrypoint", List.of(""));
        m.put("Image", step.image().id().toString());
        m.put("WorkingDir", step.workingDir() == null ? "" : step.workingDir());
        m.put("Labels", Map.of(LABEL, "1"));
        m.put("Healthcheck", Map.of("Test", List.of("NONE")));
        m.put("AttachStdout", true);
        m.put("AttachStderr", true);
        m.put("HostConfig", step.hostConfig() == null ? Map.of() : step.hostConfig());
        return Json.mapper().convertValue(m, ContainerCreateRequest.class);
    }

    @Override
    public void removeLeftovers() {
        for (ContainerRepository.Row row : service.repo().list()) {
            if (isBuildStep(row.record())) service.removalQuietly(row.record().id());
        }
    }
}
