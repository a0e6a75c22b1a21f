package io.tributary.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A read (a REST resource method or class) that needs an operator credential even where {@code
 * tributary.auth.open-reads-on-loopback} opens reads: e.g. a stream that holds a connection and
 * database work for as long as the client stays. {@link OperatorAuthFilter} asks for one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface NeedsCredential {}
