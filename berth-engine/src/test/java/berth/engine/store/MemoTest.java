package berth.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoTest {
    @Test
    void aKeyAskedAgainGivesTheSameValueWithoutComputingIt() {
        AtomicInteger calls = new AtomicInteger();
        Memo<StringBuilder> memo = new Memo<>(4, k -> {
            calls.incrementAndGet();
            return new StringBuilder(k);
        });
        StringBuilder first = memo.get(new String("{\"a\":1}"));
        assertThat(memo.get(new String("{\"a\":1}"))).isSameAs(first);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aChangedTextIsComputedAfresh() {
        Memo<String> memo = new Memo<>(4, k -> k.toUpperCase());
        assertThat(memo.get("{\"a\":1}")).isEqualTo("{\"A\":1}");
        assertThat(memo.get("{\"a\":2}")).isEqualTo("{\"A\":2}");
    }

    @Test
    void onlyTheMostRecentlyUsedKeysAreKept() {
        AtomicInteger calls = new AtomicInteger();
        Memo<Integer> memo = new Memo<>(2, k -> calls.incrementAndGet());
        memo.get("a");
        memo.get("b");
        memo.get("a"); // "b" is now the least recently used
        memo.get("c");
        assertThat(memo.get("a")).isEqualTo(1);
        assertThat(memo.get("b")).isEqualTo(4);
    }

    @Test
    void aFailureIsNotRemembered() {
        AtomicInteger calls = new AtomicInteger();
        Memo<String> memo = new Memo<>(2, k -> {
            if (calls.incrementAndGet() == 1) throw new IllegalStateException("first time");
            return k;
        });
        try {
            memo.get("x");
        } catch (IllegalStateException expected) {
            // the next ask computes again
        }
        assertThat(memo.get("x")).isEqualTo("x");
    }
}
