/**
 * The only place that touches the kernel directly, through the Foreign Function and Memory API: mounts, device nodes, xattrs, signals. Private downcall handles in {@code Libc}; small typed public methods that turn -1 and errno into a {@link berth.engine.sys.NativeException} naming the call and its subject. Nothing outside sys sees a MemorySegment.
 */
package berth.engine.sys;
