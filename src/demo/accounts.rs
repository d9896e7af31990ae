//! The demo's staff accounts: an admin and one publisher per office of the protocol, with
//! passwords made now and printed once, so that a newcomer can sign in and publish from
//! the browser. Synthetic, like everything the demo makes; running the demo again gives
//! the same accounts new passwords.

use crate::staff::accounts::one_time_password;
use crate::staff::{Actor, NewAccount, Role, Staff, StaffError};

/// One account as the demo made it.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub email: String,
    pub role: Role,
    pub offices: Vec<String>,
    pub password: String,
}

/// The demo's e-mail domain: reserved for examples, so it reaches no one.
pub const DOMAIN: &str = "mlima.example";

/// Creates (or gives new passwords to) the demo's accounts; `answering` are the offices
/// that answer citizens' reports (the protocol's feedback categories name them).
pub async fn create(staff: &Staff, answering: &[String]) -> Result<Vec<DemoAccount>, StaffError> {
    let actor = Actor {
        name: "demo".into(),
        address: "local".into(),
    };
    let mut wanted = vec![(
        format!("admin@{DOMAIN}"),
        "Demo administrator".to_string(),
        Role::Admin,
        Vec::new(),
    )];
    for (code, office) in staff.offices() {
        wanted.push((
            format!("{code}@{DOMAIN}"),
            format!("Demo publisher, {}", office.name),
            Role::Publisher,
            vec![code.clone()],
        ));
    }
    // Citizen feedback: a moderator, and an officer for each office that answers reports.
    wanted.push((
        format!("moderator@{DOMAIN}"),
        "Demo moderator".to_string(),
        Role::Moderator,
        Vec::new(),
    ));
    for code in answering
        .iter()
        .filter(|c| staff.offices().contains_key(*c))
    {
        wanted.push((
            format!("officer.{code}@{DOMAIN}"),
            format!("Demo officer, {}", staff.offices()[code].name),
            Role::Officer,
            vec![code.clone()],
        ));
    }
    let mut out = Vec::new();
    for (email, name, role, offices) in wanted {
        let password = one_time_password();
        match staff.db.account_by_email(&email).await? {
            Some(_) => {
                staff.set_password(&actor, &email, &password).await?;
                staff.set_disabled(&actor, &email, false).await?;
                staff
                    .set_role(&actor, &email, role, offices.clone())
                    .await?;
            }
            None => {
                let new = NewAccount {
                    email: email.clone(),
                    name,
                    role,
                    offices: offices.clone(),
                };
                staff.add_account(&actor, new, Some(&password)).await?;
            }
        }
        out.push(DemoAccount {
            email,
            role,
            offices,
            password,
        });
    }
    Ok(out)
}

/// The accounts as lines for the terminal and `state/demo-accounts.txt`.
pub fn describe(accounts: &[DemoAccount]) -> String {
    let mut out = String::from(
        "# Synthetic demo accounts of disclose (not real people). Sign in at /staff/sign-in.\n",
    );
    for a in accounts {
        out.push_str(&format!(
            "{:<42} {:<18} {:<10} {}\n",
            a.email,
            a.password,
            a.role.as_str(),
            a.offices.join(" ")
        ));
    }
    out
}
