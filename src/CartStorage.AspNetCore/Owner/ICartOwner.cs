namespace CartStorage.AspNetCore;

/// <summary>
/// Who the cart of the current HTTP request belongs to (registered by <c>.AddCartOwner()</c>, scoped): the signed-in
/// user, else the guest of the guest cookie. The identifier is derived server-side, never taken from a URL or a body,
/// so a client cannot name another shopper's cart.
/// </summary>
/// <remarks>
/// <para>
/// Identifiers: <c>user:{id}</c> for a signed-in user (the claim <c>Cart:Owner:UserClaim</c>, default <c>sub</c>, else
/// <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/>), <c>guest:{32 hex digits}</c> for a guest. The two
/// prefixes keep a user id from ever naming a guest's cart.
/// </para>
/// <para>
/// The first call of a request by a signed-in user whose browser still sends a guest cookie merges every cart of the
/// guest into the user's (<see cref="ICartStorage.MergeIdentifierAsync"/> with <c>Cart:Owner:MergeStrategy</c>) and
/// drops the cookie. Several such requests at once merge each guest cart once: a merge removes its source, so the
/// others find nothing left to merge.
/// </para>
/// </remarks>
public interface ICartOwner
{
    /// <summary>The cart identifier of the current request's caller.</summary>
    /// <param name="create">
    /// <see langword="true"/> for a write: a visitor without a guest cookie (or with one that is tampered, expired or
    /// from another application) gets a new guest identity, and the response sets the cookie (unless it ends up an
    /// error, status 400 or more: then nothing was stored for the guest and no cookie goes out).
    /// <see langword="false"/> for a read: no cookie is ever set.
    /// </param>
    /// <param name="ct">Cancels the merge of a guest cart at sign-in.</param>
    /// <returns>
    /// The identifier; with <paramref name="create"/> <see langword="false"/> and no owner yet (a visitor without a
    /// valid guest cookie), <see cref="string.Empty"/>: that caller has no cart, so a read answers the empty cart.
    /// Every <see cref="ICartStorage"/> method refuses an empty identifier (<see cref="ArgumentException"/>), so it can
    /// never be stored by mistake.
    /// </returns>
    /// <exception cref="InvalidOperationException">
    /// Called outside an HTTP request, or the signed-in user has neither the <c>Cart:Owner:UserClaim</c> claim nor a
    /// <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/> claim.
    /// </exception>
    Task<string> GetIdentifierAsync(bool create, CancellationToken ct = default);
}
