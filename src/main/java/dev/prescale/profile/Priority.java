package dev.prescale.profile;

/**
 * How much the traffic a profile stands for matters to the business. Scaling policies favour higher priorities when
 * capacity is short (seed 003's resource prioritisation).
 */
public enum Priority {
    /** Revenue or safety depends on it: checkout, login. */
    CRITICAL,
    /** Normal user-facing traffic. */
    BUSINESS,
    /** Batch jobs and housekeeping that can wait. */
    BACKGROUND
}
