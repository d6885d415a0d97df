namespace Cart.Sample;

/// <summary>Body of <c>POST /login</c>: the user to sign in as (a demo: no password).</summary>
public sealed record LoginRequest(string? User);
