package dev.flinkyomo.bridge.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, or "development build" when run from classes. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = ZipperBridge.class.getPackage().getImplementationVersion();
        return new String[] {"zipper-bridge " + (v == null ? "(development build)" : v)};
    }
}
