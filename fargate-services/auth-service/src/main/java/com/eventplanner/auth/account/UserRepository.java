package com.eventplanner.auth.account;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.ListCrudRepository;
import org.springframework.transaction.annotation.Transactional;

public interface UserRepository extends ListCrudRepository<User, UUID> {

    /**
     * Transactional so that the roles query runs on the same connection as the user query: without it each load
     * holds one pooled connection while asking for a second, and a burst of logins deadlocks the pool.
     */
    @Transactional(readOnly = true)
    Optional<User> findByEmail(String email);
}
