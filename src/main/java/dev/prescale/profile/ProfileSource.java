package dev.prescale.profile;

import java.util.List;

/**
 * Where load profiles are read from: files in {@code profile-db/} ({@link ProfileFiles}) today, the InfluxDB profile
 * store next.
 */
public interface ProfileSource {

    /** Every profile, sorted by id. */
    List<LoadProfile> all();

    /**
     * @throws ProfileException naming the id and the ids that do exist, when there is no such profile
     */
    LoadProfile byId(String profileId);
}
