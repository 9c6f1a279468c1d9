package berth.engine.container;

import berth.api.model.StatsSample;
import java.util.ArrayList;
import java.util.List;

/** A container's last {@code capacity} stats samples, oldest first when read. Synchronized: one writer, many readers. */
final class SampleRing {
    private final StatsSample[] samples;
    private int next;
    private int size;

    SampleRing(int capacity) {
        this.samples = new StatsSample[capacity];
    }

    synchronized void add(StatsSample sample) {
        samples[next] = sample;
        next = (next + 1) % samples.length;
        if (size < samples.length) size++;
    }

    synchronized List<StatsSample> list() {
        List<StatsSample> out = new ArrayList<>(size);
        int start = (next - size + samples.length) % samples.length;
        for (int i = 0; i < size; i++) out.add(samples[(start + i) % samples.length]);
        return out;
    }

    synchronized StatsSample latest() {
        return size == 0 ? null : samples[(next - 1 + samples.length) % samples.length];
    }
}
