package dev.prescale.capacity;

/** What an instance runs out of. */
public enum Resource {
    /** Processor time: utilization of the instance's cores. */
    CPU,
    /** Memory held by requests in flight, over what an idle instance uses. */
    MEMORY,
    /** Response bytes sent per second. */
    NETWORK
}
