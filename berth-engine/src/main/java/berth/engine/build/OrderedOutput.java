package berth.engine.build;

import berth.api.model.ProgressMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps the output of stages that build in parallel in file order, as a sequential build would print it: the
 * earliest unfinished stage writes through, later ones are held until every stage before them is done.
 */
final class OrderedOutput {
    private final BuildOutput out;
    private final List<List<Consumer<BuildOutput>>> held = new ArrayList<>();
    private final boolean[] done;
    private int current;

    OrderedOutput(BuildOutput out, int stages) {
        this.out = out;
        this.done = new boolean[stages];
        for (int i = 0; i < stages; i++) held.add(new ArrayList<>());
    }

    BuildOutput direct() {
        return out;
    }

    /** The output of the stage at {@code position} (its place among the stages being built). */
    BuildOutput of(int position) {
        return new BuildOutput() {
            @Override
            public void stream(String text) {
                emit(position, o -> o.stream(text));
            }

            @Override
            public void progress(ProgressMessage message) {
                emit(position, o -> o.progress(message));
            }

            @Override
            public void aux(String imageId) {
                emit(position, o -> o.aux(imageId));
            }

            @Override
            public boolean isOpen() {
                return out.isOpen();
            }
        };
    }

    private synchronized void emit(int position, Consumer<BuildOutput> message) {
        if (position == current) message.accept(out);
        else held.get(position).add(message);
    }

    /** The stage is done (or failed): what it held is written, and the next stage takes over. */
    synchronized void finished(int position) {
        done[position] = true;
        flush(position);
        while (current < done.length && done[current]) {
            current++;
            if (current < done.length) flush(current);
        }
    }

    private void flush(int position) {
        if (position > current && !failedFlush) return;
        for (Consumer<BuildOutput> m : held.get(position)) m.accept(out);
        held.get(position).clear();
    }

    private boolean failedFlush;

    /** A failure: whatever the failed stage held is written now, so its output precedes the error. */
    synchronized void failed(int position) {
        failedFlush = true;
        flush(position);
    }
}
