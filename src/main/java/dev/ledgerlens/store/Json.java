package dev.ledgerlens.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON mapper for jsonb columns: ISO dates, decimals as written. Thread-safe. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            // PostgreSQL's jsonb refuses \u0000 (a model may answer one): dropped from every string written
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("ledgerlens-no-nul")
                    .addSerializer(String.class, new com.fasterxml.jackson.databind.ser.std.StdSerializer<>(String.class) {
                        @Override
                        public void serialize(String value, com.fasterxml.jackson.core.JsonGenerator generator,
                                              com.fasterxml.jackson.databind.SerializerProvider provider) throws java.io.IOException {
                            generator.writeString(value.indexOf('\u0000') < 0 ? value : value.replace("\u0000", ""));
                        }
                    }))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + value.getClass().getSimpleName(), e);
        }
    }
}
