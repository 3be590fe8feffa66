package dev.flinkyomo.bridge.job;

import dev.flinkyomo.common.YomoRecord;
import dev.flinkyomo.yomo.Tag;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * One line of text per record for the print and file sinks: {@code [Noise] tag=0x34 tid=abc
 * {"noise":4.2}}. Payloads that are not printable UTF-8 are written as {@code hex:...}, so binary
 * frames never corrupt a terminal or a line-oriented file.
 */
final class RecordLines {

    private RecordLines() {}

    static String format(BusRecord bus, List<String> stageNames) {
        YomoRecord r = bus.getRecord();
        int origin = bus.getOrigin();
        String from =
                origin <= 0
                        ? "source"
                        : origin <= stageNames.size()
                                ? stageNames.get(origin - 1)
                                : "stage " + origin;
        StringBuilder line =
                new StringBuilder()
                        .append('[')
                        .append(from)
                        .append("] tag=")
                        .append(Tag.format(r.getTag()));
        if (r.tid() != null) {
            line.append(" tid=").append(r.tid());
        }
        return line.append(' ').append(payload(r.getPayload())).toString();
    }

    static String payload(byte[] bytes) {
        try {
            String text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
            if (text.chars().noneMatch(c -> Character.isISOControl(c) && c != '\t')) {
                return text;
            }
        } catch (CharacterCodingException e) {
            // not text: fall through to hex
        }
        return "hex:" + HexFormat.of().formatHex(bytes);
    }
}
