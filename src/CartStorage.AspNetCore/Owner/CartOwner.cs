using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CartStorage.AspNetCore;

/// <summary>The <see cref="ICartOwner"/> of <c>.AddCartOwner()</c>: one per request (scoped).</summary>
internal sealed partial class CartOwner(
    IHttpContextAccessor accessor,
    GuestCookies guests,
    ICartStorage storage,
    IOptions<CartOwnerOptions> options,
    ILogger<CartOwner>? logger = null) : ICartOwner
{
    /// <summary>The prefix of every user identifier.</summary>
    public const string UserPrefix = "user:";

    private readonly CartOwnerOptions options = options.Value;
    private readonly ILogger logger = logger ?? (ILogger)NullLogger.Instance;
    private string? createdGuest;
    private string? mergedInto;

    public async Task<string> GetIdentifierAsync(bool create, CancellationToken ct = default)
    {
        var http = accessor.HttpContext ?? throw new InvalidOperationException("ICartOwner is used outside an HTTP request (IHttpContextAccessor.HttpContext is null).");
        if (UserOf(http.User) is { } user)
        {
            if (mergedInto != user)
            {
                await MergeGuestAsync(http, user, ct).ConfigureAwait(false);
                mergedInto = user;
            }

            return user;
        }

        if ((createdGuest ?? guests.Read(http.Request)) is { } guest)
        {
            return guest;
        }

        if (!create)
        {
            return string.Empty;
        }

        // Later calls of this request see the new guest; the browser sends the cookie from the next request on.
        createdGuest = guests.Issue(http);
        return createdGuest;
    }

    /// <summary>
    /// Merges every cart of the request's guest into the user's and drops the guest cookie. Safe to run from several
    /// requests at once: each merge removes its source, so a second merge of the same guest cart finds nothing.
    /// </summary>
    private async Task MergeGuestAsync(HttpContext http, string user, CancellationToken ct)
    {
        var guest = createdGuest ?? guests.Read(http.Request);
        if (guest is not null)
        {
            foreach (var instance in await storage.GetInstancesAsync(guest, ct).ConfigureAwait(false))
            {
                try
                {
                    await storage.MergeIdentifierAsync(guest, user, instance, options.MergeStrategy, ct).ConfigureAwait(false);
                    Log.GuestCartMerged(logger, instance, options.MergeStrategy);
                }
                catch (CartLimitExceededException e)
                {
                    // Neither cart changed. The user's cart stays usable; the guest cart is left to expire.
                    Log.GuestCartTooLarge(logger, instance, e.LimitName);
                }
            }

            createdGuest = null;
        }

        if (guest is not null || guests.IsSent(http.Request))
        {
            guests.Drop(http);
        }
    }

    private string? UserOf(ClaimsPrincipal principal)
    {
        if (!principal.Identities.Any(i => i.IsAuthenticated))
        {
            return null;
        }

        var id = principal.FindFirst(options.UserClaim)?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        return string.IsNullOrWhiteSpace(id)
            ? throw new InvalidOperationException($"The signed-in user has no '{options.UserClaim}' claim and no '{ClaimTypes.NameIdentifier}' claim: set Cart:Owner:UserClaim to the claim that holds the user's id.")
            : UserPrefix + id;
    }

    private static partial class Log
    {
        [LoggerMessage(AspNetCoreEventIds.GuestCartMerged, LogLevel.Information, "The guest cart '{Instance}' was merged into the signed-in user's cart ({Strategy}).", EventName = nameof(AspNetCoreEventIds.GuestCartMerged))]
        public static partial void GuestCartMerged(ILogger logger, string instance, CartMergeStrategy strategy);

        [LoggerMessage(AspNetCoreEventIds.GuestCartTooLarge, LogLevel.Warning, "The guest cart '{Instance}' was not merged into the signed-in user's cart: the result would exceed {Limit}. Both carts are unchanged; the guest cookie is dropped.", EventName = nameof(AspNetCoreEventIds.GuestCartTooLarge))]
        public static partial void GuestCartTooLarge(ILogger logger, string instance, string limit);
    }
}
