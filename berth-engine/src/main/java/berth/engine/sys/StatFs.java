package berth.engine.sys;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/** statfs(2): which file system a path lives on, by its magic number. */
public final class StatFs {
    /** struct statfs on x86_64 and aarch64 is 120 bytes; f_type is its first field, a long. */
    private static final long STRUCT_SIZE = 120;

    private StatFs() {}

    /** The f_type magic of the file system holding {@code path} (e.g. 0xEF53 for ext2/3/4). */
    public static long type(Path path) throws NativeException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            MemorySegment buf = arena.allocate(STRUCT_SIZE, 8);
            int r = (int) Handle.STATFS.invokeExact(state, arena.allocateFrom(path.toString()), buf);
            if (r < 0) throw new NativeException("statfs", path.toString(), Libc.errno(state));
            return buf.get(JAVA_LONG, 0);
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Linked on first use: /info is the only caller, and it is not on the start-up path. */
    private static final class Handle {
        static final MethodHandle STATFS = Libc.LINKER.downcallHandle(Libc.LINKER.defaultLookup().find("statfs").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), Linker.Option.captureCallState("errno"));
    }
}
