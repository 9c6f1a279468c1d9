package berth.cli.container;

import berth.cli.Terminal;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The local side of a TTY session: the user's terminal in raw mode while keys go to the container, and the
 * container's pty resized each time the user's terminal is (SIGWINCH). Closing restores both.
 */
final class TtySession implements AutoCloseable {
    private final Runnable restoreMode;
    private final Runnable restoreWinch;

    private TtySession(Runnable restoreMode, Runnable restoreWinch) {
        this.restoreMode = restoreMode;
        this.restoreWinch = restoreWinch;
    }

    /** rawInput: stdin is a terminal the container reads; resize: null unless stdout is a terminal and Tty is set. */
    static TtySession open(boolean rawInput, Consumer<int[]> resize) {
        Runnable mode = rawInput ? Terminal.raw() : () -> {};
        Runnable winch = () -> {};
        if (resize != null) {
            try {
                Signal signal = new Signal("WINCH");
                SignalHandler previous = Signal.handle(signal, s -> Thread.ofVirtual().start(() -> {
                    int[] size = Terminal.size();
                    if (size != null) resize.accept(size);
                }));
                winch = () -> Signal.handle(signal, previous);
            } catch (IllegalArgumentException e) {
                // no SIGWINCH on this VM: the pty keeps its first size
            }
        }
        return new TtySession(mode, winch);
    }

    @Override
    public void close() {
        restoreWinch.run();
        restoreMode.run();
    }
}
