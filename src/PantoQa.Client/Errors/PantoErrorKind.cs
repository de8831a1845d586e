namespace PantoQa.Client.Errors;

/// <summary>What went wrong with a call, in terms a caller can act on.</summary>
public enum PantoErrorKind
{
    /// <summary>404: the id or trigger id does not exist.</summary>
    NotFound,

    /// <summary>401: the key is missing, wrong or expired.</summary>
    Unauthorized,

    /// <summary>403: the key is valid but may not read this.</summary>
    Forbidden,

    /// <summary>400 or another 4xx the service will answer the same way again.</summary>
    BadRequest,

    /// <summary>408, 429 or 5xx still failing after every retry.</summary>
    ServiceUnavailable,

    /// <summary>The connection failed or dropped on every attempt.</summary>
    Connection,

    /// <summary>Every attempt ran past the per-request timeout.</summary>
    Timeout,

    /// <summary>The service answered, but not with the documented payload.</summary>
    InvalidResponse,

    /// <summary>The service redirected the call somewhere the key must not follow.</summary>
    Redirect,

    /// <summary>404 "Build file not found" from a trigger request: no build has the app id.</summary>
    BuildNotFound,

    /// <summary>404 "Environment not found" from a trigger request.</summary>
    EnvironmentNotFound,

    /// <summary>404 "Context not found" from a trigger request.</summary>
    ContextNotFound,

    /// <summary>404 "No test flows (or suites) found matching the provided tags".</summary>
    NoMatchingTests,

    /// <summary>
    /// A trigger request failed in a way that does not say whether the service acted on it
    /// (500, 502, 504, a timeout, a connection lost after sending): runs may have started.
    /// It is never resent.
    /// </summary>
    TriggerOutcomeUnknown,

    /// <summary>The trigger started its runs, but their trigger id could not be learned.</summary>
    TriggerIdUnknown,

    /// <summary>
    /// 404 without the service's documented not-found answer for that endpoint (an HTML page,
    /// another JSON shape, a bare "Not Found"): the address reaches something else than the
    /// API, so the base URI is wrong, not the id.
    /// </summary>
    EndpointNotFound,
}
