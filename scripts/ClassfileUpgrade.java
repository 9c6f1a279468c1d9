import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.ClassHierarchyResolver;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Rewrites the Java 5 class files of a jar (picocli's) as Java 8 class files with stack maps, in place. The JVM's AOT
 * cache cannot hold class files older than Java 6, so the berth CLI otherwise loads and verifies picocli from its jar
 * at every start. Run by scripts/build.sh with the JDK's source launcher: {@code java ClassfileUpgrade.java JAR}.
 */
public class ClassfileUpgrade {
    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        // stack maps need the class hierarchy: the jar's own classes, then the JDK's
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + jar.toUri()), Map.of())) {
            List<Path> classes;
            try (Stream<Path> s = Files.walk(fs.getPath("/"))) {
                classes = s.filter(p -> p.toString().endsWith(".class")).toList();
            }
            ClassHierarchyResolver resolver = ClassHierarchyResolver.ofResourceParsing(desc -> {
                Path p = fs.getPath("/" + desc.descriptorString().substring(1, desc.descriptorString().length() - 1) + ".class");
                try {
                    return Files.exists(p) ? Files.newInputStream(p) : null;
                } catch (IOException e) {
                    return null;
                }
            }).orElse(ClassHierarchyResolver.defaultResolver());
            ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(resolver));
            int upgraded = 0;
            for (Path p : classes) {
                ClassModel model = cf.parse(Files.readAllBytes(p));
                if (model.majorVersion() >= ClassFile.JAVA_6_VERSION) continue;
                // every method body is rebuilt (not copied), so that its stack map frames are computed
                byte[] out = cf.transformClass(model, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                        .andThen(ClassTransform.endHandler(b -> b.withVersion(ClassFile.JAVA_8_VERSION, 0))));
                Files.write(p, out);
                upgraded++;
            }
            System.out.println("ClassfileUpgrade: " + upgraded + " class files of " + jar.getFileName() + " now Java 8");
        }
    }
}
