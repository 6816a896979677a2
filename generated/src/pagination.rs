//! Walking a cursor-paginated list as a stream of its items. The generated
//! `into_stream` of each list's call says how its pages split into items
//! and the next cursor (from the reviewed settings: the spec describes
//! cursors only in prose); this is the one loop they share.

use crate::Error;
use futures_util::stream::{self, Stream, TryStreamExt};
use std::future::IntoFuture;

/// The values of a list's cursor parameters, each `None` when absent.
pub(crate) type Cursor<const N: usize> = [Option<String>; N];

/// How a page splits into its items and the next page's cursor.
pub(crate) type Split<P, T, const N: usize> = fn(P) -> (Vec<T>, Cursor<N>);

/// The cursor when every value of it is there.
fn complete<const N: usize>(cursor: Cursor<N>) -> Option<[String; N]> {
    cursor.iter().all(Option::is_some).then(|| cursor.map(Option::unwrap_or_default))
}

/// Every item of every page, starting with the page `first` asks for and
/// fetching the next page only when the previous one is consumed.
///
/// `split` divides a page into its items and the values of the cursor
/// parameters for the next page; `resume` sets them on a copy of the call,
/// and `current` reads them (the cursor a caller set starts the walk).
/// The stream ends after an empty page, a page that names no next cursor
/// (one of its values missing), or a cursor equal to the one just sent (a
/// server that repeats it would otherwise be walked forever); it ends at
/// the first error, which it yields.
pub(crate) fn walk<'a, C, P, T, const N: usize>(
    first: C,
    split: Split<P, T, N>,
    resume: fn(&mut C, [String; N]),
    current: fn(&C) -> Cursor<N>,
) -> impl Stream<Item = Result<T, Error>> + 'a
where
    C: IntoFuture<Output = Result<P, Error>> + Clone + 'a,
    P: 'a,
    T: 'a,
{
    let sent = complete(current(&first));
    let state: Option<(C, Option<[String; N]>)> = Some((first, sent));
    stream::try_unfold(state, move |state| async move {
        let Some((call, sent)) = state else { return Ok(None) };
        let (items, next) = split(call.clone().await?);
        let state = match complete(next) {
            Some(cursor) if !items.is_empty() && Some(&cursor) != sent.as_ref() => {
                let mut call = call;
                resume(&mut call, cursor.clone());
                Some((call, Some(cursor)))
            }
            _ => None,
        };
        Ok(Some((stream::iter(items.into_iter().map(Ok)), state)))
    })
    .try_flatten()
}
