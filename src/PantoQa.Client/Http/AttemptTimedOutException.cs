using System;

namespace PantoQa.Client.Http;

/// <summary>One attempt ran past the per-request timeout; the caller did not cancel.</summary>
internal sealed class AttemptTimedOutException : Exception
{
    internal AttemptTimedOutException()
        : base("The request ran past its timeout.")
    {
    }
}
