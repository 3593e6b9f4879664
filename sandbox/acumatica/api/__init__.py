"""The instance's HTTP routes: sign-in (`/entity/auth`, `/identity/connect/token`) and the endpoint itself."""
