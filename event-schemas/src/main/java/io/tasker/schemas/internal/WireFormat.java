package io.tasker.schemas.internal;

import org.apache.kafka.common.errors.SerializationException;

import java.io.ByteArrayOutputStream;

/**
 * The Confluent wire format header: byte 0 is the magic byte {@code 0}, bytes 1-4 the big-endian schema id,
 * then the Avro binary encoding of the record. Stateless.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    public static void writeHeader(ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    /**
     * The schema id of a wire-format payload.
     *
     * @throws SerializationException if the payload is too short or does not start with the magic byte
     */
    public static int schemaId(byte[] data, String topic) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("record of " + data.length + " bytes from topic " + topic
                    + " is too short for the Confluent wire format (magic byte, 4-byte schema id, Avro data)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "unknown magic byte 0x%02X: not Confluent wire format (topic %s)", data[0] & 0xff, topic));
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
