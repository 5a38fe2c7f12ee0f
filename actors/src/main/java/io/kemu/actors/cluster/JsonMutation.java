package io.kemu.actors.cluster;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.kemu.hammer2.replica.Mutation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Put on a {@link Mutation} record component of a {@link CoordinatorMessage}: Jackson writes the
 * mutation with its case name ({@code create}, {@code modify}, {@code delete}) and reads it back as
 * that case, so {@code vfs-emu} stays free of serialization (as {@link JsonChainWrites} does for
 * chain writes).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@JacksonAnnotationsInside
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "case")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Mutation.Create.class, name = "create"),
        @JsonSubTypes.Type(value = Mutation.Modify.class, name = "modify"),
        @JsonSubTypes.Type(value = Mutation.Delete.class, name = "delete")})
@interface JsonMutation {
}
