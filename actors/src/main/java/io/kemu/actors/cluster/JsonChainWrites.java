package io.kemu.actors.cluster;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.kemu.hammer2.replica.ChainWrite;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put on a {@code List<ChainWrite>} record component of a {@link NodeMessage}: Jackson then writes
 * each element with its case name ({@code put-root}, {@code put}, {@code remove}) and reads it back
 * as that case. The kernel types in {@code vfs-emu} stay free of serialization concerns.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@JacksonAnnotationsInside
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "case")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ChainWrite.PutRoot.class, name = "put-root"),
        @JsonSubTypes.Type(value = ChainWrite.Put.class, name = "put"),
        @JsonSubTypes.Type(value = ChainWrite.Remove.class, name = "remove")})
@interface JsonChainWrites {
}
