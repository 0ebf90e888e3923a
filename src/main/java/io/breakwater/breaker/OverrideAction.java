package io.breakwater.breaker;

/**
 * What an operator did to a breaker.
 */
public enum OverrideAction {
    /** Refuse every call for a while, whatever the backend does (maintenance). */
    FORCE_OPEN("force-open"),
    /** Let every call through for a while and ignore its failures. */
    FORCE_CLOSE("force-close"),
    /** Close the breaker and forget its failures. */
    RESET("reset"),
    /** End a force-open or force-close before its time. */
    LIFT("lift");

    private final String label;

    OverrideAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static OverrideAction ofLabel(String label) {
        for (OverrideAction action : values()) {
            if (action.label.equals(label)) {
                return action;
            }
        }
        throw new IllegalArgumentException("no override called '" + label + "'");
    }
}
