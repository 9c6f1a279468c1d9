package berth.engine.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A function's values for the most recently asked keys, where the key alone decides the value: the parsed form of
 * a JSON document found by its text, or an image's layer directories by the image's ID. An inspect, an exec or a
 * listing reads the same rows again and again between their changes, and parsing them was the largest part of their
 * work; a changed row is a different text, so an entry is never stale. What it hands out is shared between callers
 * and must not be modified (records whose lists nobody changes).
 */
public final class Memo<T> {
    private final Function<String, T> function;
    private final Map<String, T> entries;

    public Memo(int capacity, Function<String, T> function) {
        this.function = function;
        this.entries = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, T> eldest) {
                return size() > capacity;
            }
        };
    }

    public T get(String key) {
        synchronized (entries) {
            T known = entries.get(key);
            if (known != null) return known;
        }
        // computed outside the lock: two first askers of one key may both compute it, and the later one stays
        T value = function.apply(key);
        synchronized (entries) {
            entries.put(key, value);
        }
        return value;
    }
}
