package io.breakwater.backend;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * One backend URL, or several separated by commas, that {@link BackendAddress#listOf} accepts. The message never
 * shows a password the URL may carry.
 */
@Constraint(validatedBy = BackendUrl.Validator.class)
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.FIELD })
public @interface BackendUrl {

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<BackendUrl, String> {
        @Override
        public boolean isValid(String url, ConstraintValidatorContext context) {
            try {
                BackendAddress.listOf(url);
                return true;
            } catch (IllegalArgumentException e) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(e.getMessage().replace("{", "\\{").replace("$", "\\$"))
                        .addConstraintViolation();
                return false;
            }
        }
    }
}
