package berth.api.model;

public record MountPoint(String type, String name, String source, String destination, String driver, String mode,
                         boolean rw, String propagation) {}
