package dev.prescale.profile;

/** The resource a profile mainly stresses (seed 002); the capacity model reads utilization of this resource. */
public enum ResourceType {
    CPU, MEMORY, NETWORK_IO, DISK_IO
}
