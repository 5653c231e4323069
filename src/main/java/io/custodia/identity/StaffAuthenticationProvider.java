package io.custodia.identity;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** Checks the password (with throttling and lockout), then hands over to the remaining login steps. */
@Component
class StaffAuthenticationProvider implements AuthenticationProvider {

    private final AccountService accounts;

    StaffAuthenticationProvider(AccountService accounts) {
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String password = String.valueOf(authentication.getCredentials());
        StaffAccount account;
        try {
            account = accounts.authenticatePassword(username, password);
        } catch (AccountLockedException e) {
            throw new LockedException(e.getMessage());
        } catch (AccountService.BadPasswordException e) {
            throw new BadCredentialsException(e.getMessage());
        }
        return LoginFlow.authenticationFor(account, false);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
