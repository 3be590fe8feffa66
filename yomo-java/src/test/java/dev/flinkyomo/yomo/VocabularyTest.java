package dev.flinkyomo.yomo;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The YoMo vocabulary every module shares: tags, the routing rule, ids, credentials. */
class VocabularyTest {

    @Test
    void tagsAreUint32WithYomosReservedRange() {
        assertThat(Tag.isValid(0)).isTrue();
        assertThat(Tag.isValid(0xFFFF_FFFFL)).isTrue();
        assertThat(Tag.isValid(-1)).isFalse();
        assertThat(Tag.isValid(1L << 32)).isFalse();
        assertThat(Tag.isReserved(0xEFFF)).isFalse();
        assertThat(Tag.isReserved(0xF000)).isTrue();
        assertThat(Tag.isReserved(0xFFFF)).isTrue();
        assertThat(Tag.isReserved(0x1_0000)).isFalse();
        assertThat(Tag.isUsable(0x33)).isTrue();
        assertThat(Tag.isUsable(0xF001)).isFalse();
    }

    @Test
    void checksNameWhatWasRefused() {
        assertThat(Tag.checkUsable(0x33, "observed tag")).isEqualTo(0x33);
        assertThatThrownBy(() -> Tag.checkUsable(0xF001, "observed tag"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "observed tag 0xf001 is reserved by YoMo (0xF000-0xFFFF); a zipper closes"
                                + " connections that write it");
        assertThatThrownBy(() -> Tag.checkValid(1L << 32, "sink tag"))
                .hasMessage("sink tag must be a uint32 (0 to 0xFFFFFFFF), got 4294967296");
        // a reserved tag is still a valid one: the wire may carry it
        assertThat(Tag.checkValid(0xF001, "tag")).isEqualTo(0xF001);
    }

    @Test
    void parsesHexAndDecimalAsYomoUsersWriteThem() {
        assertThat(Tag.parse("0x33")).isEqualTo(0x33);
        assertThat(Tag.parse(" 0X33 ")).isEqualTo(0x33);
        assertThat(Tag.parse("51")).isEqualTo(51);
        assertThat(Tag.parse("0xffffffff")).isEqualTo(0xFFFF_FFFFL);
        assertThatThrownBy(() -> Tag.parse("0xZZ"))
                .hasMessage(
                        "expected a tag such as 0x33 (hexadecimal) or 51 (decimal), got '0xZZ'");
        assertThatThrownBy(() -> Tag.parse("-1")).hasMessageContaining("tags are unsigned");
        assertThatThrownBy(() -> Tag.parse("0x-1")).hasMessageContaining("got '0x-1'");
        assertThatThrownBy(() -> Tag.parse("0x100000000")).hasMessageContaining("outside uint32");
        assertThatThrownBy(() -> Tag.parse("")).hasMessageContaining("got ''");
        assertThatThrownBy(() -> Tag.parse(null)).hasMessageContaining("required");
    }

    @Test
    void formatsAsGoPrintsTags() {
        assertThat(Tag.format(0x33)).isEqualTo("0x33");
        assertThat(Tag.format(0xF001)).isEqualTo("0xf001");
        assertThat(Tag.format(0)).isEqualTo("0x0");
        for (long t : new long[] {0, 1, 0x33, 0xF001, 0xFFFF_FFFFL}) {
            assertThat(Tag.parse(Tag.format(t))).isEqualTo(t);
        }
    }

    @Test
    void routingTakesUntargetedFramesAndTheWantedTargetOnly() {
        assertThat(Routing.targetMatches(null, null)).isTrue();
        assertThat(Routing.targetMatches("", "fn-a")).isTrue();
        assertThat(Routing.targetMatches("fn-a", "fn-a")).isTrue();
        assertThat(Routing.targetMatches("fn-a", "fn-b")).isFalse();
        assertThat(Routing.targetMatches("fn-a", null)).isFalse();
        assertThat(Routing.accepts(false, null, null)).isFalse();
        assertThat(Routing.accepts(true, "fn-a", "fn-a")).isTrue();
    }

    @Test
    void idsHaveNanoidsShapeAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String tid = Ids.newTid();
            String client = Ids.newClientId();
            assertThat(tid).hasSize(21).matches("[0-9A-Za-z_-]+");
            assertThat(client).hasSize(21).matches("[0-9A-Za-z_-]+");
            assertThat(seen.add(tid)).isTrue();
            assertThat(seen.add(client)).isTrue();
        }
    }

    @Test
    void credentialsSplitAtTheFirstColonAndHideThePayload() {
        Credential c = Credential.parse("token: a:b").orElseThrow();
        assertThat(c.authName()).isEqualTo("token");
        assertThat(c.payload()).isEqualTo(" a:b");
        assertThat(c.toString()).isEqualTo("token:***");
        assertThat(Credential.parse("no-colon")).isEmpty();
    }

    @Test
    void wellKnownMetadataKeysAreYomos() {
        assertThat(MetadataKeys.WELL_KNOWN)
                .startsWith("yomo-tid", "yomo-source-id", "yomo-target")
                .doesNotHaveDuplicates();
    }
}
